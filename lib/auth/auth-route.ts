import "server-only";
import { toNextJsHandler } from "better-auth/next-js";
import { CLIENT_HEADER, clientAddress } from "@/lib/http/client-address";
import { auth } from "./better-auth";
import { accountKey, clearFailures, lockedFor, recordFailure } from "./sign-in-limit";

// What stands in front of Better Auth's endpoints (app/api/auth/[...all]): the client address it rate-limits
// by is ours (forwarded headers believed only from trusted proxies), and email sign-in also passes the
// per-account lock. Sign-in bodies are small; anything larger is refused before it is read in full.
const SIGN_IN_MAX_BYTES = 16 * 1024;

function withClientAddress(req: Request, body?: string): Request {
  const headers = new Headers(req.headers);
  headers.set(CLIENT_HEADER, clientAddress(req.headers));
  return new Request(req.url, {
    method: req.method,
    headers,
    body: body ?? req.body,
    duplex: "half",
  } as RequestInit);
}

function lockedResponse(seconds: number): Response {
  return Response.json(
    {
      code: "ACCOUNT_LOCKED",
      message: `Too many failed sign-ins for this account. Try again in ${seconds} s.`,
    },
    { status: 429, headers: { "retry-after": String(seconds), "x-retry-after": String(seconds) } },
  );
}

async function readSmallBody(req: Request): Promise<string | null> {
  if (Number(req.headers.get("content-length") ?? 0) > SIGN_IN_MAX_BYTES) return null;
  const text = await req.text();
  return text.length > SIGN_IN_MAX_BYTES ? null : text;
}

async function signInWithEmail(req: Request): Promise<Response> {
  const body = await readSmallBody(req);
  if (body === null) return Response.json({ message: "Request body too large" }, { status: 413 });
  let account: string | null = null;
  try {
    account = accountKey((JSON.parse(body) as { email?: unknown })?.email);
  } catch {
    // Not JSON: Better Auth answers it with its own 400.
  }
  if (account) {
    const wait = await lockedFor(account);
    if (wait > 0) return lockedResponse(wait);
  }
  const res = await handlers().POST(withClientAddress(req, body));
  if (account && res.status === 401) await recordFailure(account);
  else if (account && res.ok) await clearFailures(account);
  return res;
}

const handlers = () => toNextJsHandler(auth());

export async function authGet(req: Request): Promise<Response> {
  return handlers().GET(withClientAddress(req));
}

export async function authPost(req: Request): Promise<Response> {
  if (new URL(req.url).pathname.endsWith("/sign-in/email")) return signInWithEmail(req);
  return handlers().POST(withClientAddress(req));
}
