import Link from "next/link";
import { AppShell } from "@/components/shell/AppShell";
import { ProblemPage } from "@/components/shell/ProblemPage";
import { sessionPrincipal } from "@/lib/auth/session";

// An address no route matches. Rendered per request (reading the session makes it dynamic), so its
// scripts carry the request's CSP nonce like every other page; signed in, the app's frame is around it.
export default async function NotFound() {
  const user = await sessionPrincipal();
  if (user)
    return (
      <AppShell user={user}>
        <ProblemPage title="Not found">There is nothing at this address.</ProblemPage>
      </AppShell>
    );
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link className="btn" href="/login">
          Sign in
        </Link>
      </div>
    </main>
  );
}
