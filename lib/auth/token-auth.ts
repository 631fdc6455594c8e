import "server-only";
import { pool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import type { Principal } from "./principal";
import { isRole, type TokenScope } from "./roles";
import { hashToken } from "./tokens";

/** Resolves a Bearer token to its owner, limited by the token's scopes; records when it was last used. */
export async function tokenPrincipal(token: string): Promise<Principal> {
  const { rows } = await pool().query<{
    id: string;
    scopes: string[];
    expiresAt: Date | null;
    revokedAt: Date | null;
    userId: string;
    role: string;
    disabled: boolean;
    email: string;
    name: string;
    defaultCluster: string | null;
  }>(
    `SELECT t.id, t.scopes, t."expiresAt", t."revokedAt", u.id AS "userId", u.role::text AS role, u.disabled, u.email, u.name,
            c.name AS "defaultCluster"
       FROM api_token t JOIN "user" u ON u.id = t."userId" LEFT JOIN cluster c ON c.id = t."defaultClusterId"
      WHERE t."tokenHash" = $1`,
    [hashToken(token)],
  );
  const t = rows[0];
  if (!t) throw new AppError("unauthorized", "Invalid API token");
  if (t.revokedAt) throw new AppError("unauthorized", "This API token was revoked");
  if (t.expiresAt && t.expiresAt.getTime() <= Date.now())
    throw new AppError("unauthorized", "This API token has expired");
  if (t.disabled) throw new AppError("unauthorized", "The owner of this API token is disabled");
  if (!isRole(t.role)) throw new AppError("unauthorized", "The owner of this API token has no valid role");
  // Last use is bookkeeping: at most once a minute per token, so hot ingest paths do not write per request.
  await pool().query(
    `UPDATE api_token SET "lastUsedAt" = now() WHERE id = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`,
    [t.id],
  );
  return {
    via: "token",
    userId: t.userId,
    email: t.email,
    name: t.name,
    role: t.role,
    tokenId: t.id,
    scopes: (t.scopes ?? []) as TokenScope[],
    defaultCluster: t.defaultCluster,
  };
}
