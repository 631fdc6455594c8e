// Helpers for integration tests: users, tokens, and calling route handlers with real Requests.
import { randomUUID } from "node:crypto";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import type { Role, TokenScope } from "@/lib/auth/roles";
import { createToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";

export async function makeUser(role: Role, email = `${role}-${randomUUID().slice(0, 8)}@test.local`) {
  const password = "correct horse battery staple";
  const { id } = await createUser(SYSTEM_ACTOR, { email, name: role, role, password });
  return { id, email, password, role };
}

export async function makeToken(
  userId: string,
  scopes: TokenScope[] = ["ingest", "read", "write"],
  expiresInMs: number | null = 3_600_000,
) {
  const t = await withPgTransaction(pool(), (_c, sql) =>
    createToken(sql, SYSTEM_ACTOR, { userId, name: "test", scopes, expiresInMs }),
  );
  return t.token;
}

/** A user of the role with a token carrying every scope: the quickest way to call the API as that role. */
export async function tokenFor(role: Role, scopes?: TokenScope[]) {
  const u = await makeUser(role);
  return makeToken(u.id, scopes);
}

type Route<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export async function call<P = Record<string, never>>(
  route: Route<P>,
  opts: {
    method?: string;
    path?: string;
    token?: string;
    body?: string | Uint8Array | object;
    headers?: Record<string, string>;
    params?: P;
  } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
): Promise<{ status: number; json: any; res: Response }> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: BodyInit | undefined;
  if (opts.body instanceof Uint8Array || typeof opts.body === "string") body = opts.body as BodyInit;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(`http://localhost:3000${opts.path ?? "/"}`, {
    method: opts.method ?? (body ? "POST" : "GET"),
    headers,
    body,
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: "half",
  });
  const res = await route(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, res };
}

export const db = () => sqlOfPg(pool());
