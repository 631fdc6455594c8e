import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import type { EdgeRow } from "./rules";
import { clusterRollupSql, clusterRowsSql, coveragePercent, edgeRowsSql, placeholders } from "./window";

const db = () => sqlOfPg(pool());

export interface MeshWindow {
  from: Date;
  to: Date;
  /** Traffic whose source or destination is this cluster. */
  cluster?: string | null;
}

// mTLS coverage: requests (HTTP/gRPC) plus connections (TCP) as the destination reported them. Istio
// rows carry either requests or connections, so their sum is the volume of a row.
const VOLUME = `(requests + connections)`;
const CROSS = `("srcCluster" IS NOT NULL AND "dstCluster" IS NOT NULL AND "srcCluster" <> "dstCluster")`;

/**
 * What the mesh page's filters narrow to. The tiles, the matrix, the graph, the coverage series and the edge
 * list all read through `scopeConditions`, so one filter narrows every figure the same way.
 */
export interface MeshScope extends MeshWindow {
  namespace?: string | null;
  workload?: string | null;
  protocol?: string | null;
  securityPolicy?: string | null;
  /** Coverage figures default to what the destination reported (Istio); the edge list to every reporter. */
  reporter?: string | null;
}

/** Namespace, workload and protocol exist only on edge rows; without them the cluster rollups answer. */
export const needsEdgeRows = (s: MeshScope) => !!(s.namespace || s.workload || s.protocol);

/** WHERE conditions of a scope; `p` adds a parameter and returns its placeholder. "unknown" matches null. */
function scopeConditions(
  s: MeshScope & { srcCluster?: string | null; dstCluster?: string | null },
  p: (v: unknown) => string,
) {
  const where: string[] = [];
  const clusterEq = (col: string, v: string) => (v === "unknown" ? `${col} IS NULL` : `${col} = ${p(v)}`);
  if (s.cluster)
    where.push(`(${clusterEq(`"srcCluster"`, s.cluster)} OR ${clusterEq(`"dstCluster"`, s.cluster)})`);
  if (s.srcCluster) where.push(clusterEq(`"srcCluster"`, s.srcCluster));
  if (s.dstCluster) where.push(clusterEq(`"dstCluster"`, s.dstCluster));
  for (const [value, a, b] of [
    [s.namespace, "srcNamespace", "dstNamespace"],
    [s.workload, "srcWorkload", "dstWorkload"],
  ] as const) {
    if (!value) continue;
    const v = p(value);
    where.push(`("${a}" = ${v} OR "${b}" = ${v})`);
  }
  if (s.protocol) where.push(`protocol = ${p(s.protocol)}`);
  if (s.securityPolicy) where.push(`"securityPolicy" = ${p(s.securityPolicy)}`);
  if (s.reporter) where.push(`reporter = ${p(s.reporter)}`);
  return where;
}

/** The rows a coverage figure of this scope sums (edge rows or cluster rollups) and their WHERE clause. */
function coverageRows(s: MeshScope): { src: string; where: string; params: unknown[] } {
  const params: unknown[] = [];
  const src = needsEdgeRows(s) ? edgeRowsSql(s.from, s.to, params) : clusterRowsSql(s.from, s.to, params);
  const where = scopeConditions({ ...s, reporter: s.reporter ?? "destination" }, placeholders(params));
  return { src, where: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}

export interface Coverage {
  percent: number | null;
  crossClusterPercent: number | null;
  mtls: number;
  total: number;
  crossClusterMtls: number;
  crossClusterTotal: number;
}

export async function mtlsCoverage(w: MeshScope): Promise<Coverage> {
  const { src, where, params } = coverageRows(w);
  const rows = await db().query<{ mtls: number; total: number; cmtls: number; ctotal: number }>(
    `SELECT coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}), 0)::float8 AS total,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls' AND ${CROSS}), 0)::float8 AS cmtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE ${CROSS}), 0)::float8 AS ctotal
       FROM ${src} e ${where}`,
    params,
  );
  const r = rows[0];
  return {
    percent: coveragePercent(r.mtls, r.total),
    crossClusterPercent: coveragePercent(r.cmtls, r.ctotal),
    mtls: r.mtls,
    total: r.total,
    crossClusterMtls: r.cmtls,
    crossClusterTotal: r.ctotal,
  };
}

export interface ClusterPair {
  src: string | null;
  dst: string | null;
  mtls: number;
  plaintext: number;
  total: number;
  percent: number | null;
  requests: number;
  connections: number;
  denied: number;
}

/** Coverage and volume per (source cluster → destination cluster); null = outside the mesh / unknown. */
export async function clusterPairs(w: MeshScope): Promise<ClusterPair[]> {
  const { src, where, params } = coverageRows(w);
  const rows = await db().query<Omit<ClusterPair, "percent">>(
    `SELECT "srcCluster" AS src, "dstCluster" AS dst,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'none'), 0)::float8 AS plaintext,
            sum(${VOLUME})::float8 AS total, sum(requests)::float8 AS requests, sum(connections)::float8 AS connections,
            sum(denied)::float8 AS denied
       FROM ${src} e ${where}
      GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
    params,
  );
  return rows.map((r) => ({ ...r, percent: coveragePercent(r.mtls, r.total) }));
}

export interface EdgeFilters extends MeshScope {
  srcCluster?: string | null;
  dstCluster?: string | null;
  limit?: number;
}

/** An edge (lib/telemetry/rules.ts) with its protocol and its totals over the window. */
export interface EdgeSummary extends EdgeRow {
  protocol: string;
  requests: number;
  connections: number;
  denied: number;
  dropped: number;
  first: Date;
  last: Date;
}

/** Edges in the window with their totals, largest first. "unknown" in a cluster filter matches null. */
export async function listEdges(f: EdgeFilters): Promise<EdgeSummary[]> {
  const params: unknown[] = [];
  const src = edgeRowsSql(f.from, f.to, params);
  const p = placeholders(params);
  const where = scopeConditions(f, p);
  const limit = p(Math.min(Math.max(f.limit ?? 200, 1), 1000));
  return db().query<EdgeSummary>(
    `SELECT reporter, "srcCluster", "srcNamespace", "srcWorkload", "srcPrincipal", "dstCluster", "dstNamespace", "dstWorkload",
            "dstPrincipal", protocol, "securityPolicy", sum(requests)::float8 AS requests, sum(connections)::float8 AS connections,
            sum(denied)::float8 AS denied, sum(dropped)::float8 AS dropped, min(bucket) AS first, max(bucket) AS last
       FROM ${src} e ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      ORDER BY sum(requests + connections + dropped) DESC, 2, 6 LIMIT ${limit}`,
    params,
  );
}

export interface CoveragePoint {
  t: string;
  percent: number | null;
  crossClusterPercent: number | null;
  mtls: number;
  total: number;
}

/** Coverage over time: hourly points from the hourly rollup for up to 3 days, daily points beyond. */
export async function coverageSeries(
  w: MeshScope,
): Promise<{ step: "hour" | "day"; points: CoveragePoint[] }> {
  const step = w.to.getTime() - w.from.getTime() <= 3 * 86_400_000 ? "hour" : "day";
  const table = needsEdgeRows(w)
    ? `traffic_edge_${step}`
    : clusterRollupSql(step === "hour" ? "traffic_cluster_hour" : "traffic_cluster_day");
  const params: unknown[] = [w.from, w.to];
  const where = scopeConditions({ ...w, reporter: w.reporter ?? "destination" }, placeholders(params));
  const rows = await db().query<{ t: Date; mtls: number; total: number; cmtls: number; ctotal: number }>(
    `SELECT bucket AS t,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}), 0)::float8 AS total,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls' AND ${CROSS}), 0)::float8 AS cmtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE ${CROSS}), 0)::float8 AS ctotal
       FROM ${table} e
      WHERE bucket >= date_trunc('${step}', $1::timestamptz, 'UTC') AND bucket < $2
        ${where.map((c) => `AND ${c}`).join(" ")}
      GROUP BY 1 ORDER BY 1`,
    params,
  );
  return {
    step,
    points: rows.map((r) => ({
      t: r.t.toISOString(),
      percent: coveragePercent(r.mtls, r.total),
      crossClusterPercent: coveragePercent(r.cmtls, r.ctotal),
      mtls: r.mtls,
      total: r.total,
    })),
  };
}

/** Clusters, namespaces and workloads seen in the window (filter choices). */
export async function edgeFacets(w: MeshWindow) {
  const params: unknown[] = [];
  const src = edgeRowsSql(w.from, w.to, params);
  const rows = await db().query<{ kind: string; v: string }>(
    `SELECT DISTINCT 'cluster' AS kind, x AS v FROM ${src} e, LATERAL (VALUES ("srcCluster"), ("dstCluster")) AS c(x) WHERE x IS NOT NULL
     UNION SELECT DISTINCT 'namespace', x FROM ${edgeRowsSql(w.from, w.to, params)} e, LATERAL (VALUES ("srcNamespace"), ("dstNamespace")) AS c(x) WHERE x IS NOT NULL
     UNION SELECT DISTINCT 'workload', x FROM ${edgeRowsSql(w.from, w.to, params)} e, LATERAL (VALUES ("srcWorkload"), ("dstWorkload")) AS c(x) WHERE x IS NOT NULL
     UNION SELECT DISTINCT 'protocol', protocol FROM ${edgeRowsSql(w.from, w.to, params)} e
     ORDER BY 1, 2`,
    params,
  );
  const pick = (k: string) => rows.filter((r) => r.kind === k).map((r) => r.v);
  return {
    clusters: pick("cluster"),
    namespaces: pick("namespace"),
    workloads: pick("workload"),
    protocols: pick("protocol"),
  };
}

/** The latest bucket stored (the page's default window ends there when data is older than a day). */
export async function latestBucket(): Promise<Date | null> {
  const rows = await db().query<{ t: Date | null }>(`SELECT max(bucket) AS t FROM traffic_cluster_hour`);
  return rows[0]?.t ?? null;
}
