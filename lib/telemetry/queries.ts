import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { clusterRollupSql, clusterRowsSql, coveragePercent, edgeRowsSql } from "./window";

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

export interface Coverage {
  percent: number | null;
  crossClusterPercent: number | null;
  mtls: number;
  total: number;
  crossClusterMtls: number;
  crossClusterTotal: number;
}

export async function mtlsCoverage(w: MeshWindow): Promise<Coverage> {
  const params: unknown[] = [];
  const src = clusterRowsSql(w.from, w.to, params);
  params.push(w.cluster ?? null);
  const c = `$${params.length}::text`;
  const rows = await db().query<{ mtls: number; total: number; cmtls: number; ctotal: number }>(
    `SELECT coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}), 0)::float8 AS total,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls' AND ${CROSS}), 0)::float8 AS cmtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE ${CROSS}), 0)::float8 AS ctotal
       FROM ${src} e
      WHERE reporter = 'destination' AND (${c} IS NULL OR "srcCluster" = ${c} OR "dstCluster" = ${c})`,
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
export async function clusterPairs(w: MeshWindow): Promise<ClusterPair[]> {
  const params: unknown[] = [];
  const src = clusterRowsSql(w.from, w.to, params);
  params.push(w.cluster ?? null);
  const c = `$${params.length}::text`;
  const rows = await db().query<Omit<ClusterPair, "percent">>(
    `SELECT "srcCluster" AS src, "dstCluster" AS dst,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'none'), 0)::float8 AS plaintext,
            sum(${VOLUME})::float8 AS total, sum(requests)::float8 AS requests, sum(connections)::float8 AS connections,
            sum(denied)::float8 AS denied
       FROM ${src} e
      WHERE reporter = 'destination' AND (${c} IS NULL OR "srcCluster" = ${c} OR "dstCluster" = ${c})
      GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
    params,
  );
  return rows.map((r) => ({ ...r, percent: coveragePercent(r.mtls, r.total) }));
}

export interface EdgeFilters extends MeshWindow {
  srcCluster?: string | null;
  dstCluster?: string | null;
  namespace?: string | null;
  workload?: string | null;
  securityPolicy?: string | null;
  reporter?: string | null;
  limit?: number;
}

export interface EdgeSummary {
  reporter: string;
  srcCluster: string | null;
  srcNamespace: string | null;
  srcWorkload: string | null;
  srcPrincipal: string | null;
  dstCluster: string | null;
  dstNamespace: string | null;
  dstWorkload: string | null;
  dstPrincipal: string | null;
  protocol: string;
  securityPolicy: string;
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
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const clusterEq = (col: string, v: string) => (v === "unknown" ? `${col} IS NULL` : `${col} = ${p(v)}`);
  if (f.cluster)
    where.push(`(${clusterEq(`"srcCluster"`, f.cluster)} OR ${clusterEq(`"dstCluster"`, f.cluster)})`);
  if (f.srcCluster) where.push(clusterEq(`"srcCluster"`, f.srcCluster));
  if (f.dstCluster) where.push(clusterEq(`"dstCluster"`, f.dstCluster));
  if (f.namespace) {
    const v = p(f.namespace);
    where.push(`("srcNamespace" = ${v} OR "dstNamespace" = ${v})`);
  }
  if (f.workload) {
    const v = p(f.workload);
    where.push(`("srcWorkload" = ${v} OR "dstWorkload" = ${v})`);
  }
  if (f.securityPolicy) where.push(`"securityPolicy" = ${p(f.securityPolicy)}`);
  if (f.reporter) where.push(`reporter = ${p(f.reporter)}`);
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
  w: MeshWindow,
): Promise<{ step: "hour" | "day"; points: CoveragePoint[] }> {
  const step = w.to.getTime() - w.from.getTime() <= 3 * 86_400_000 ? "hour" : "day";
  const table = clusterRollupSql(step === "hour" ? "traffic_cluster_hour" : "traffic_cluster_day");
  const rows = await db().query<{ t: Date; mtls: number; total: number; cmtls: number; ctotal: number }>(
    `SELECT bucket AS t,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls'), 0)::float8 AS mtls,
            coalesce(sum(${VOLUME}), 0)::float8 AS total,
            coalesce(sum(${VOLUME}) FILTER (WHERE "securityPolicy" = 'mutual_tls' AND ${CROSS}), 0)::float8 AS cmtls,
            coalesce(sum(${VOLUME}) FILTER (WHERE ${CROSS}), 0)::float8 AS ctotal
       FROM ${table} e
      WHERE reporter = 'destination' AND bucket >= date_trunc('${step}', $1::timestamptz, 'UTC') AND bucket < $2
        AND ($3::text IS NULL OR "srcCluster" = $3 OR "dstCluster" = $3)
      GROUP BY 1 ORDER BY 1`,
    [w.from, w.to, w.cluster ?? null],
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
     ORDER BY 1, 2`,
    params,
  );
  const pick = (k: string) => rows.filter((r) => r.kind === k).map((r) => r.v);
  return { clusters: pick("cluster"), namespaces: pick("namespace"), workloads: pick("workload") };
}

/** The latest bucket stored (the page's default window ends there when data is older than a day). */
export async function latestBucket(): Promise<Date | null> {
  const rows = await db().query<{ t: Date | null }>(`SELECT max(bucket) AS t FROM traffic_cluster_hour`);
  return rows[0]?.t ?? null;
}
