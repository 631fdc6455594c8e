import { type NextRequest, NextResponse } from "next/server";

/**
 * Security headers for every response, with a fresh CSP nonce per request (Next.js applies it to its own
 * scripts when it finds the nonce in the request's CSP header). Authentication is not decided here but in
 * each page, route handler and server action (lib/auth), so no route depends on this file to be safe.
 */
export function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // recharts and React set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  res.headers.set("x-content-type-options", "nosniff");
  res.headers.set("x-frame-options", "DENY");
  res.headers.set("referrer-policy", "strict-origin-when-cross-origin");
  res.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  if (req.nextUrl.protocol === "https:") res.headers.set("strict-transport-security", "max-age=31536000");
  return res;
}

// Ingest routes are left out: when the proxy runs, Next.js clones the request body for it and silently
// truncates it at proxyClientMaxBodySize (10 MB), and buffers it in memory; ingest bodies are streamed.
export const config = {
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|api/v1/ingest/|api/v1/opa/|api/v1/alerts/).*)" },
  ],
};
