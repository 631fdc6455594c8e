import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/config/env";

/**
 * Security headers for every response, with a fresh CSP nonce per request (Next.js applies it to its own
 * scripts when it finds the nonce in the request's CSP header). Authentication is not decided here but in
 * each page, route handler and server action (lib/auth), so no route depends on this file to be safe.
 */
export function proxy(req: NextRequest) {
  const refused = foreignServerAction(req);
  if (refused) return refused;
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
  // For lib/auth/page.ts: the page to return to after signing in.
  headers.set("x-posture-path", `${req.nextUrl.pathname}${req.nextUrl.search}`.slice(0, 2048));
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

/**
 * A server action posted from another origin. Next.js refuses it too, but by throwing, which answers 500;
 * the same rule here (Origin must be this host, or the configured public URL) answers 403 instead.
 */
function foreignServerAction(req: NextRequest): Response | null {
  if (req.method !== "POST" || !req.headers.has("next-action")) return null;
  const origin = req.headers.get("origin");
  if (!origin) return null; // Browsers always send Origin on POST; Next.js decides the rest.
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {}
  const own = [req.headers.get("x-forwarded-host"), req.headers.get("host"), req.nextUrl.host];
  const configured = env().POSTURE_URL;
  if (configured) own.push(new URL(configured).host);
  if (host && own.includes(host)) return null;
  return NextResponse.json(
    {
      error: {
        code: "forbidden",
        message: `Cross-origin form submission from ${origin.slice(0, 200)} refused`,
      },
    },
    { status: 403 },
  );
}

// Ingest routes are left out: when the proxy runs, Next.js clones the request body for it and silently
// truncates it at proxyClientMaxBodySize (10 MB), and buffers it in memory; ingest bodies are streamed.
export const config = {
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|api/v1/ingest/|api/v1/opa/|api/v1/alerts/).*)" },
  ],
};
