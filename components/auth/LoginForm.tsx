"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

export function LoginForm({
  next,
  sso,
  initialError,
}: {
  next: string;
  sso: string | null;
  initialError: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (res.ok) {
        router.replace(next);
        router.refresh();
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      setError(
        res.status === 429
          ? "Too many sign-in attempts. Wait a minute and try again."
          : (body.message ?? "Sign-in failed. Check your email and password."),
      );
    } catch {
      setError("The server could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  }

  async function signInWithSso() {
    setBusy(true);
    setError(null);
    const res = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/login?error=sso" }),
    }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { url?: string; message?: string } | null;
    if (res?.ok && body?.url) {
      window.location.assign(body.url);
      return;
    }
    setBusy(false);
    setError(body?.message ?? "Single sign-on is not reachable right now.");
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="btn primary btn-full" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {sso && (
        <button className="btn btn-full stacked" type="button" disabled={busy} onClick={signInWithSso}>
          Sign in with {sso}
        </button>
      )}
    </form>
  );
}
