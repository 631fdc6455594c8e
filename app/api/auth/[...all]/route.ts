import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/better-auth";

// Better Auth's endpoints: sign-in, sign-out, session. Handlers are built on first request so that
// `next build` does not need a database or secret.
export async function GET(req: Request) {
  return toNextJsHandler(auth()).GET(req);
}
export async function POST(req: Request) {
  return toNextJsHandler(auth()).POST(req);
}
