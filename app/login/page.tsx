import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { sessionPrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

function safeNext(next: string | undefined): string {
  // Only same-site paths: never an open redirect.
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await sessionPrincipal()) redirect(safeNext(next));
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> Posture
        </div>
        <h1 style={{ marginBottom: 16 }}>Sign in</h1>
        <LoginForm next={safeNext(next)} />
      </div>
    </main>
  );
}
