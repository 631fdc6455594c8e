// What retention applies to: the high-volume raw tables (time-partitioned by month, so old data goes by
// dropping whole partitions) and their rollups (small; trimmed by bucket). Rollups are kept longer than
// the raw rows they summarise, so long-window charts and KPIs keep their figures after the raw rows go.
// Pure: lib/retention/partitions.ts applies it.

export interface RetentionTable {
  table: string;
  label: string;
  kind: "raw" | "rollup";
  /** The time column old rows are found by. */
  column: string;
  defaultDays: number;
  /** For rollups: the raw tables they summarise (a rollup may not be kept shorter than those). */
  of?: string[];
}

export const RETENTION_TABLES: readonly RetentionTable[] = [
  { table: "policy_decision", label: "Policy decisions (raw)", kind: "raw", column: "time", defaultDays: 90 },
  { table: "telemetry_flow", label: "Hubble flows (raw)", kind: "raw", column: "time", defaultDays: 30 },
  {
    table: "traffic_edge_minute",
    label: "Traffic 1-minute buckets (raw)",
    kind: "raw",
    column: "bucket",
    defaultDays: 30,
  },
  ...(
    [
      ["policy_deny_rate_minute", "Deny-rate counts per minute", "policy_decision", 120],
      ["policy_deny_rate_hourly", "Deny-rate counts per hour", "policy_decision", 400],
      ["policy_deny_rate_daily", "Deny-rate counts per day", "policy_decision", 1100],
      ["policy_decision_hourly", "Decision counts per hour", "policy_decision", 400],
      ["policy_deny_hourly", "Denied pairs per hour", "policy_decision", 400],
      ["policy_decision_daily", "Decision counts per day", "policy_decision", 1100],
      ["policy_deny_daily", "Denied pairs per day", "policy_decision", 1100],
      ["traffic_edge_hour", "Traffic per edge and hour", "traffic_edge_minute", 400],
      ["traffic_cluster_hour", "Traffic per cluster pair and hour", "traffic_edge_minute", 400],
      ["traffic_edge_day", "Traffic per edge and day", "traffic_edge_minute", 1100],
      ["traffic_cluster_day", "Traffic per cluster pair and day", "traffic_edge_minute", 1100],
    ] as const
  ).map(
    ([table, label, of, days]): RetentionTable => ({
      table,
      label,
      kind: "rollup",
      column: "bucket",
      defaultDays: days,
      of: [of],
    }),
  ),
];

export const MIN_DAYS = 1;
export const MAX_DAYS = 3660;

export function retentionTable(name: string): RetentionTable | undefined {
  return RETENTION_TABLES.find((t) => t.table === name);
}

/** The settings in force: stored choices over the defaults. */
export function effectiveDays(stored: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(RETENTION_TABLES.map((t) => [t.table, stored[t.table] ?? t.defaultDays]));
}

/** Why these settings cannot be saved (a rollup kept shorter than its raw rows), or null. */
export function retentionProblem(days: Record<string, number>): string | null {
  for (const t of RETENTION_TABLES) {
    const d = days[t.table];
    if (!Number.isInteger(d) || d < MIN_DAYS || d > MAX_DAYS)
      return `${t.table}: a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}`;
    for (const raw of t.of ?? [])
      if (d < days[raw])
        return `${t.table}: keep it at least as long as ${raw} (${days[raw]} days), whose figures it keeps`;
  }
  return null;
}

/**
 * A monthly partition [from, to) may go once all of it is older than the cutoff: its upper bound is at or
 * before now − days. The DEFAULT partition (no bounds) never goes.
 */
export function partitionExpired(upper: Date | null, now: Date, days: number): boolean {
  return upper !== null && upper.getTime() <= now.getTime() - days * 86_400_000;
}
