import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { oidcSettings } from "@/lib/auth/oidc";
import { sessionPrincipal } from "@/lib/auth/session";
import { safeNext } from "@/lib/http/safe-next";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  const sso = oidcSettings();
  if (await sessionPrincipal()) redirect(safeNext(next));
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> Posture
        </div>
        <h1 className="gap-below">Sign in</h1>
        <LoginForm
          next={safeNext(next)}
          sso={sso ? sso.name : null}
          initialError={
            error ? "Single sign-on did not complete. Try again, or ask an admin for an account." : null
          }
        />
      </div>
    </main>
  );
}
