import "server-only";
import type { Sql } from "@/lib/db/sql";

// A cache for KPI parts that many questions share — the decision counts of whole days and hours of a window
// (lib/policy/kpi.ts). The rule (ARCHITECTURE.md, "KPI cache"):
// - the key holds everything the value depends on: the part, its exact span(s), its scope (cluster), and the
//   data version;
// - the data version is sum(n) of kpi_data_change, to which a statement trigger appends a row in the same
//   transaction as every write to a table a cached part reads; so a write bumps the version exactly when it
//   commits, and a value computed before it is never found again under the new version;
// - the version is read first, through the same pool as the part (primary or read replica), so the value
//   stored under it describes that version or a later one, never an earlier one;
// - a part that depends on anything else (the time of the question, tables without the trigger) is not cached.
// The cache is per process and bounded; replicas each keep their own and all read the version from the
// database, so none serves another's stale value.

const MAX_ENTRIES = 2000;
const entries = new Map<string, unknown>();

/** The current data version (read it before the values it guards). */
export async function kpiDataVersion(sql: Sql): Promise<string> {
  const r = await sql.query<{ v: string }>(`SELECT coalesce(sum(n), 0)::text AS v FROM kpi_data_change`);
  return r[0].v;
}

/** The value stored under (version, key), else computed and stored. Values are treated as immutable. */
export async function cachedPart<T>(version: string, key: string, compute: () => Promise<T>): Promise<T> {
  const k = `${version}\u0000${key}`;
  if (entries.has(k)) {
    const v = entries.get(k) as T;
    entries.delete(k); // most recently used last
    entries.set(k, v);
    return v;
  }
  const v = await compute();
  entries.set(k, v);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return v;
}

/** Folds the appended rows into one, keeping their sum (the version) unchanged. */
export async function compactKpiDataVersion(sql: Sql): Promise<void> {
  await sql.query(
    `WITH gone AS (DELETE FROM kpi_data_change RETURNING n)
     INSERT INTO kpi_data_change (n) SELECT sum(n) FROM gone HAVING count(*) > 0`,
  );
}
