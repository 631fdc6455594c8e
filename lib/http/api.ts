import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { can, type Requirement } from "@/lib/auth/roles";
import { sessionPrincipal } from "@/lib/auth/session";
import { tokenPrincipal } from "@/lib/auth/token-auth";
import { baseUrl } from "@/lib/config/env";
import { primaryLsn, READ_AFTER_HEADER, readAfterCookie, replicaConfigured } from "@/lib/db/replica";
import { AppError, badRequest, isAppError } from "@/lib/errors";
import { zodToAppError } from "./body";
import { dbErrorToAppError } from "./db-errors";
import { MAX_PARAM_CHARS, textProblem } from "./input";

export interface ApiContext<P> {
  req: Request;
  principal: Principal;
  params: P;
  url: URL;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<Response | unknown>;
type RouteFn<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Any error as an AppError when it is one in substance (validation, database refusal or outage). */
export function toAppError(e: unknown): AppError | null {
  if (isAppError(e)) return e;
  if (e instanceof ZodError) return zodToAppError(e);
  return dbErrorToAppError(e);
}

export function errorResponse(e: unknown): Response {
  const err = toAppError(e);
  if (err) {
    const headers: Record<string, string> = {};
    const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) headers["retry-after"] = String(retry);
    else if (err.code === "unavailable") headers["retry-after"] = "5";
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
      { status: err.status, headers },
    );
  }
  console.error("[api] unexpected error", e);
  return NextResponse.json(
    { error: { code: "internal", message: "Internal error; it has been logged" } },
    { status: 500 },
  );
}

/** Ingest routes bypass proxy.ts (it would buffer their bodies), so API responses carry their own headers. */
function withApiHeaders(res: Response): Response {
  res.headers.set("x-content-type-options", "nosniff");
  if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
  return res;
}

/**
 * With a read replica, a mutation's answer carries the primary's WAL position after it (header for API
 * clients to send back, cookie for browsers), so the writer's later reads wait for the standby or go to
 * the primary (lib/db/replica.ts).
 */
async function stampWrite(res: Response): Promise<void> {
  try {
    const lsn = await primaryLsn();
    res.headers.set(READ_AFTER_HEADER, lsn);
    res.headers.append("set-cookie", readAfterCookie(lsn));
  } catch {
    // Headers of some responses are immutable (e.g. redirects); their reads then go to the primary anyway.
  }
}

/** Session-cookie mutations must come from our own origin (CSRF); tokens are not sent by browsers. */
function checkSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  const expected = new URL(baseUrl()).origin;
  const own = new URL(req.url).origin;
  if (origin) {
    if (origin !== expected && origin !== own)
      throw new AppError("forbidden", `Cross-origin request from ${origin} refused`);
    return;
  }
  if (req.headers.get("sec-fetch-site") === "cross-site")
    throw new AppError("forbidden", "Cross-site request refused");
}

export async function authenticate(req: Request, need: Requirement): Promise<Principal> {
  const authz = req.headers.get("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw new AppError("unauthorized", "Authorization header must be 'Bearer <token>'");
    const p = await tokenPrincipal(m[1]);
    if (!p.scopes?.includes(need.scope)) {
      throw new AppError(
        "forbidden",
        `This token lacks the "${need.scope}" scope (it has: ${p.scopes?.join(", ") || "none"})`,
      );
    }
    if (!can(p.role, need.capability)) {
      throw new AppError("forbidden", `The token's owner (role ${p.role}) may not do this`);
    }
    return p;
  }
  const p = await sessionPrincipal(req.headers);
  if (!p)
    throw new AppError("unauthorized", "Sign in, or send an API token as 'Authorization: Bearer <token>'");
  checkSameOrigin(req);
  if (!can(p.role, need.capability)) throw new AppError("forbidden", `Your role (${p.role}) may not do this`);
  return p;
}

/**
 * Query-string values and path segments, checked once for every route before any handler sees them:
 * nothing that can never be stored (NUL, unpaired surrogates) and nothing longer than any filter needs.
 */
export function checkUrlInput(url: URL, params: Record<string, unknown>): void {
  const values: [string, unknown][] = [
    ...[...url.searchParams].map(([k, v]): [string, unknown] => [`?${k}`, v]),
    ...[...url.searchParams.keys()].map((k): [string, unknown] => [`query parameter name`, k]),
    ...Object.entries(params).map(([k, v]): [string, unknown] => [`path segment {${k}}`, v]),
  ];
  for (const [where, v] of values) {
    for (const s of Array.isArray(v) ? v : [v]) {
      if (typeof s !== "string") continue;
      const problem = textProblem(s);
      if (problem) throw badRequest(`${where}: ${problem}`);
      if (s.length > MAX_PARAM_CHARS) throw badRequest(`${where}: at most ${MAX_PARAM_CHARS} characters`);
    }
  }
}

/** The one wrapper every authenticated /api route handler goes through. */
export function apiRoute<P = Record<string, never>>(need: Requirement, handler: Handler<P>): RouteFn<P> {
  return async (req, ctx) => {
    try {
      const principal = await authenticate(req, need);
      const params = ((await ctx?.params) ?? {}) as P;
      const url = new URL(req.url);
      checkUrlInput(url, params as Record<string, unknown>);
      const out = await handler({ req, principal, params, url });
      const res = withApiHeaders(out instanceof Response ? out : NextResponse.json(out ?? { ok: true }));
      if (!SAFE_METHODS.has(req.method) && replicaConfigured()) await stampWrite(res);
      return res;
    } catch (e) {
      return withApiHeaders(errorResponse(e));
    }
  };
}
