import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { appSecret } from "@/lib/config/env";

// The PDF renderer (the worker's Chromium) opens the report's print page on the web server without a
// user session. It proves it is the server with a short-lived token signed by the instance secret; the
// token opens the /print pages only (lib/reports/print-auth.ts), for two minutes.

export const RENDER_HEADER = "x-posture-render";
const TTL_MS = 120_000;

const sign = (exp: number) =>
  createHmac("sha256", appSecret()).update(`posture-report-render:${exp}`).digest("base64url");

export function renderToken(now = Date.now()): string {
  const exp = now + TTL_MS;
  return `${exp}.${sign(exp)}`;
}

export function verifyRenderToken(token: string | null | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const [expRaw, sig] = token.split(".");
  const exp = Number(expRaw);
  if (!Number.isSafeInteger(exp) || exp < now || exp > now + TTL_MS || !sig) return false;
  const want = Buffer.from(sign(exp));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
