import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { zodToAppError } from "@/lib/http/body";
import { DEFAULT_MATRIX, matrixSchema, type RiskMatrix } from "./matrix";

export const MATRIX_KEY = "risks.matrix";

/** The configured matrix, or the default when none is stored (or the stored one no longer validates). */
export async function getMatrix(sql: Sql): Promise<RiskMatrix> {
  const rows = await sql.query<{ value: unknown }>(`SELECT value FROM setting WHERE key = $1`, [MATRIX_KEY]);
  if (!rows[0]) return DEFAULT_MATRIX;
  const p = matrixSchema.safeParse(rows[0].value);
  return p.success ? p.data : DEFAULT_MATRIX;
}

/** Stores a new matrix (levels, grid, appetite, cadences); audited with the previous value. */
export async function setMatrix(sql: Sql, actor: Actor, raw: unknown): Promise<RiskMatrix> {
  const p = matrixSchema.safeParse(raw);
  if (!p.success) throw zodToAppError(p.error);
  const before = await getMatrix(sql);
  await sql.query(
    `INSERT INTO setting (key, value, "updatedAt") VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
    [MATRIX_KEY, JSON.stringify(p.data)],
  );
  await audit(sql, actor, {
    action: "setting.update",
    targetType: "setting",
    targetId: MATRIX_KEY,
    data: { before, after: p.data },
  });
  return p.data;
}
