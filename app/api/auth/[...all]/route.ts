import { authGet, authPost } from "@/lib/auth/auth-route";

// Better Auth's endpoints (sign-in, sign-out, session, SSO callback) behind lib/auth/auth-route.ts, which
// supplies the trusted client address and the per-account sign-in lock. Built on first request so that
// `next build` does not need a database or secret.
export const GET = authGet;
export const POST = authPost;
