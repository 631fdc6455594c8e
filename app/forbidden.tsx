import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="auth-page">
      <div className="auth-card" role="alert">
        <h1>You don’t have access to this page</h1>
        <p className="muted">Your role does not include this area. Ask an admin if you need it.</p>
        <Link className="btn" href="/">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}
