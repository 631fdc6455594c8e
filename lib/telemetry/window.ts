// Which stored granularity answers a window: whole hours from the hourly rollup, the ragged ends from the
// minute buckets, so no query scans raw minutes over long windows. Pure.
import { splitWindow as splitTiers } from "@/lib/policy/window-split";

const HOUR = 3_600_000;

export interface WindowParts {
  /** [from, to) ranges to read from traffic_edge_minute. */
  minutes: [Date, Date][];
  /** [from, to) range (whole hours) to read from traffic_edge_hour, or null. */
  hours: [Date, Date] | null;
}

export function splitWindow(from: Date, to: Date): WindowParts {
  const f = from.getTime();
  const t = to.getTime();
  const h0 = Math.ceil(f / HOUR) * HOUR;
  const h1 = Math.floor(t / HOUR) * HOUR;
  if (h0 >= h1) return { minutes: [[from, to]], hours: null };
  const minutes: [Date, Date][] = [];
  if (f < h0) minutes.push([from, new Date(h0)]);
  if (h1 < t) minutes.push([new Date(h1), to]);
  return { minutes, hours: [new Date(h0), new Date(h1)] };
}

export const EDGE_COLUMNS = `reporter, "srcCluster", "srcNamespace", "srcWorkload", "srcPrincipal", "dstCluster", "dstNamespace", "dstWorkload", "dstPrincipal", protocol, "securityPolicy", requests, connections, denied, dropped, bucket`;

/** `p(v)` appends v to `params` and returns its placeholder ($1, $2…), for SQL built piece by piece. */
export function placeholders(params: unknown[]): (v: unknown) => string {
  return (v) => {
    params.push(v);
    return `$${params.length}`;
  };
}

/**
 * A FROM-able subquery of edge rows in [from, to). Appends its parameters to `params` and returns SQL that
 * refers to them by position.
 */
export function edgeRowsSql(from: Date, to: Date, params: unknown[]): string {
  const parts = splitWindow(from, to);
  const p = placeholders(params);
  const selects: string[] = [];
  for (const [a, b] of parts.minutes) {
    selects.push(
      `SELECT ${EDGE_COLUMNS} FROM traffic_edge_minute WHERE bucket >= ${p(a)} AND bucket < ${p(b)}`,
    );
  }
  if (parts.hours) {
    selects.push(
      `SELECT ${EDGE_COLUMNS} FROM traffic_edge_hour WHERE bucket >= ${p(parts.hours[0])} AND bucket < ${p(parts.hours[1])}`,
    );
  }
  return `(${selects.join(" UNION ALL ")})`;
}

export function coveragePercent(mtls: number, total: number): number | null {
  return total > 0 ? (100 * mtls) / total : null;
}

export const CLUSTER_COLUMNS = `reporter, "srcCluster", "dstCluster", "securityPolicy", requests, connections, denied, dropped, bucket`;
// The cluster rollups store an unknown cluster as '' (it is part of their key); readers see null.
const CLUSTER_ROLLUP_COLUMNS = `reporter, nullif("srcCluster", '') AS "srcCluster", nullif("dstCluster", '') AS "dstCluster", "securityPolicy", requests, connections, denied, dropped, bucket`;

/** A FROM-able traffic_cluster_hour/_day with unknown clusters as null. */
export function clusterRollupSql(table: "traffic_cluster_hour" | "traffic_cluster_day"): string {
  return `(SELECT ${CLUSTER_ROLLUP_COLUMNS} FROM ${table})`;
}

/**
 * Like edgeRowsSql, for what coverage and the cluster matrix group by: whole UTC days from
 * traffic_cluster_day, whole hours from traffic_cluster_hour, the sub-hour edges from minute buckets.
 */
export function clusterRowsSql(from: Date, to: Date, params: unknown[]): string {
  const split = splitTiers(from, to);
  const p = placeholders(params);
  const selects: string[] = [];
  const span = (table: string, a: Date, b: Date) =>
    selects.push(
      `SELECT ${table === "traffic_edge_minute" ? CLUSTER_COLUMNS : CLUSTER_ROLLUP_COLUMNS} FROM ${table} WHERE bucket >= ${p(a)} AND bucket < ${p(b)}`,
    );
  for (const [a, b] of split.raw) span("traffic_edge_minute", a, b);
  for (const [a, b] of split.hourly) span("traffic_cluster_hour", a, b);
  for (const [a, b] of split.daily) span("traffic_cluster_day", a, b);
  if (!selects.length) selects.push(`SELECT ${CLUSTER_COLUMNS} FROM traffic_cluster_day WHERE false`);
  return `(${selects.join(" UNION ALL ")})`;
}
