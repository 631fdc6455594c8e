import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError, badRequest } from "@/lib/errors";
import { resolveCluster } from "@/lib/ingest/clusters";
import { TOKEN_SCOPES, type TokenScope } from "./roles";

const PREFIX = "pst_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function parseScopes(input: string | readonly string[]): TokenScope[] {
  const list = (typeof input === "string" ? input.split(",") : input).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw badRequest(`scopes: give at least one of ${TOKEN_SCOPES.join(", ")}`);
  for (const s of list) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(s)) {
      throw badRequest(`scopes: unknown scope "${s}" (allowed: ${TOKEN_SCOPES.join(", ")})`);
    }
  }
  return [...new Set(list)] as TokenScope[];
}

/** "30d", "12h", "90m", "1y" → milliseconds; null for "never". */
export function parseDuration(input: string): number | null {
  if (input === "never") return null;
  const m = /^(\d+)\s*([mhdwy])$/.exec(input.trim());
  if (!m) throw badRequest(`expiresIn: "${input}" is not a duration like 30d, 12h, 1y or "never"`);
  const n = Number(m[1]);
  const unit = { m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, y: 365 * 86400e3 }[m[2] as "m"];
  if (n <= 0 || n > (5 * 365 * 86400e3) / unit) throw badRequest("expiresIn: between 1 minute and 5 years");
  return n * unit;
}

export interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

export async function createToken(
  sql: Sql,
  actor: Actor,
  input: {
    userId: string;
    name: string;
    scopes: TokenScope[];
    expiresInMs: number | null;
    /** Default cluster (name) for records this token pushes that name none; created when new. */
    cluster?: string | null;
  },
): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw badRequest("name: 1 to 100 characters");
  const token = generateToken();
  const prefix = token.slice(0, PREFIX.length + 6);
  const expiresAt = input.expiresInMs === null ? null : new Date(Date.now() + input.expiresInMs);
  const cluster = input.cluster?.trim() ? await resolveCluster(sql, actor, input.cluster, false) : null;
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO api_token (name, "userId", prefix, "tokenHash", scopes, "expiresAt", "defaultClusterId")
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING id`,
    [name, input.userId, prefix, hashToken(token), input.scopes, expiresAt, cluster?.id ?? null],
  );
  const id = rows[0].id;
  await audit(sql, actor, {
    action: "token.create",
    targetType: "api_token",
    targetId: id,
    data: {
      name,
      userId: input.userId,
      scopes: input.scopes,
      expiresAt: expiresAt?.toISOString() ?? null,
      cluster: cluster?.name ?? null,
    },
  });
  return { id, token, prefix, expiresAt };
}

export async function revokeToken(sql: Sql, actor: Actor, id: string, ownerId?: string): Promise<void> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE api_token SET "revokedAt" = now() WHERE id = $1 AND "revokedAt" IS NULL
       AND ($2::text IS NULL OR "userId" = $2) RETURNING id`,
    [id, ownerId ?? null],
  );
  if (rows.length === 0) throw new AppError("not_found", "token not found or already revoked");
  await audit(sql, actor, { action: "token.revoke", targetType: "api_token", targetId: id });
}
