import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { putSetting, readSetting } from "@/lib/db/settings";
import type { Sql } from "@/lib/db/sql";
import { zodToAppError } from "@/lib/http/body";
import { DEFAULT_MATRIX, matrixSchema, type RiskMatrix } from "./matrix";

export const MATRIX_KEY = "risks.matrix";

/** The configured matrix, or the default when none is stored (or the stored one no longer validates). */
export async function getMatrix(sql: Sql, opts: { lock?: boolean } = {}): Promise<RiskMatrix> {
  const stored = await readSetting<unknown>(sql, MATRIX_KEY, opts);
  if (stored === undefined) return DEFAULT_MATRIX;
  const p = matrixSchema.safeParse(stored);
  return p.success ? p.data : DEFAULT_MATRIX;
}

/** Stores a new matrix (levels, grid, appetite, cadences); audited with the previous value. */
export async function setMatrix(sql: Sql, actor: Actor, raw: unknown): Promise<RiskMatrix> {
  const p = matrixSchema.safeParse(raw);
  if (!p.success) throw zodToAppError(p.error);
  // Locked, so two admins saving at once audit each other's value as `before`, not the same old one.
  const before = await getMatrix(sql, { lock: true });
  await putSetting(sql, MATRIX_KEY, p.data);
  await audit(sql, actor, {
    action: "setting.update",
    targetType: "setting",
    targetId: MATRIX_KEY,
    data: { before, after: p.data },
  });
  return p.data;
}
