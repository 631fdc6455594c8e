import "server-only";
import type { Sql } from "./sql";

// The `setting` table: one JSON value per key (admin choices, schedules, flags). A writer reads the value
// it replaces with `lock` and audits the change in the same transaction.

/** The stored value, or undefined when the key was never set; `lock` holds the row until the transaction ends. */
export async function readSetting<T>(
  sql: Sql,
  key: string,
  opts: { lock?: boolean } = {},
): Promise<T | undefined> {
  const rows = await sql.query<{ value: T }>(
    `SELECT value FROM setting WHERE key = $1${opts.lock ? " FOR UPDATE" : ""}`,
    [key],
  );
  return rows[0]?.value;
}

/** Stores the value under the key (inserted or replaced). */
export async function putSetting(sql: Sql, key: string, value: unknown): Promise<void> {
  await sql.query(
    `INSERT INTO setting (key, value, "updatedAt") VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
    [key, JSON.stringify(value)],
  );
}
