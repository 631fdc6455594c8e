import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";

export async function getSavedFilters(sql: Sql, userId: string): Promise<string | null> {
  const rows = await sql.query<{ query: string }>(`SELECT query FROM risk_view_pref WHERE "userId" = $1`, [
    userId,
  ]);
  return rows[0]?.query ?? null;
}

export async function saveFilters(sql: Sql, actor: Actor, userId: string, query: string): Promise<void> {
  await sql.query(
    `INSERT INTO risk_view_pref ("userId", query, "updatedAt") VALUES ($1, $2, now())
     ON CONFLICT ("userId") DO UPDATE SET query = EXCLUDED.query, "updatedAt" = now()`,
    [userId, query],
  );
  await audit(sql, actor, {
    action: "risk.filters.save",
    targetType: "user",
    targetId: userId,
    data: { query },
  });
}
