import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import type { Bucket } from "./counters";
import { ensurePartitions } from "./partitions";

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Adds buckets of one batch to traffic_edge_minute (rows of the same minute and edge add up). */
export async function insertBuckets(sql: Sql, batchId: string, buckets: Bucket[]): Promise<void> {
  if (!buckets.length) return;
  await ensurePartitions(
    sql,
    "traffic_edge_minute",
    buckets.map((b) => b.minuteMs),
  );
  const col = <T>(f: (b: Bucket) => T) => buckets.map(f);
  await sql.query(
    `INSERT INTO traffic_edge_minute (bucket, "batchId", "edgeKey", reporter, "srcCluster", "srcNamespace", "srcWorkload", "srcPrincipal",
       "dstCluster", "dstNamespace", "dstWorkload", "dstPrincipal", protocol, "securityPolicy", requests, connections, denied, dropped)
     SELECT to_timestamp(m / 1000.0), $1::uuid, k, r, sc, sn, sw, sp, dc, dn, dw, dp, pr, po, rq, cn, dd, dr
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[], $16::float8[], $17::float8[], $18::float8[])
         AS t(m, k, r, sc, sn, sw, sp, dc, dn, dw, dp, pr, po, rq, cn, dd, dr)
     ON CONFLICT (bucket, "batchId", "edgeKey") DO UPDATE SET
       requests = traffic_edge_minute.requests + EXCLUDED.requests,
       connections = traffic_edge_minute.connections + EXCLUDED.connections,
       denied = traffic_edge_minute.denied + EXCLUDED.denied,
       dropped = traffic_edge_minute.dropped + EXCLUDED.dropped`,
    [
      batchId,
      col((b) => b.minuteMs),
      col((b) => b.key),
      col((b) => b.dims.reporter),
      col((b) => b.dims.src.cluster),
      col((b) => b.dims.src.namespace),
      col((b) => b.dims.src.workload),
      col((b) => b.dims.src.principal),
      col((b) => b.dims.dst.cluster),
      col((b) => b.dims.dst.namespace),
      col((b) => b.dims.dst.workload),
      col((b) => b.dims.dst.principal),
      col((b) => b.dims.protocol),
      col((b) => b.dims.securityPolicy),
      col((b) => b.counts.requests),
      col((b) => b.counts.connections),
      col((b) => b.counts.denied),
      col((b) => b.counts.dropped),
    ],
  );
}

const DIMS = `reporter, "srcCluster", "srcNamespace", "srcWorkload", "srcPrincipal", "dstCluster", "dstNamespace", "dstWorkload", "dstPrincipal", protocol, "securityPolicy"`;
const SUMS = `sum(requests), sum(connections), sum(denied), sum(dropped)`;
// What coverage and the cluster matrix group by (traffic_cluster_hour/_day).
// An unknown cluster is stored as '' there (a key column), read back as null (lib/telemetry/window.ts).
const CLUSTER_DIMS = `reporter, "srcCluster", "dstCluster", "securityPolicy"`;
const CLUSTER_KEY = `reporter, coalesce("srcCluster", ''), coalesce("dstCluster", ''), "securityPolicy"`;
const ROLLUP_LOCK = 72707372;

/**
 * Rebuilds the hourly and daily rollups (per edge, and per cluster pair) of the hours that contain the
 * given minutes (after an ingest, or after demo rows were wiped). Serialised so two batches never rebuild the same hour at once.
 */
export async function refreshRollups(sql: Sql, hours: Date[]): Promise<void> {
  if (!hours.length) return;
  await sql.query("SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)", [ROLLUP_LOCK]);
  const hourList = startsOf(hours, 3_600_000);
  await rebuildGrain(sql, "hour", "traffic_edge_minute", hourList);
  await rebuildGrain(sql, "day", "traffic_edge_hour", startsOf(hourList, 86_400_000));
}

/** The distinct starts of the UTC buckets of `ms` milliseconds that hold the given instants. */
const startsOf = (instants: Date[], ms: number) =>
  [...new Set(instants.map((d) => Math.floor(d.getTime() / ms) * ms))].map((m) => new Date(m));

/**
 * One grain of the rollups for the given bucket starts: the per-edge table summed from the finer one,
 * then the per-cluster-pair table from it.
 */
async function rebuildGrain(sql: Sql, grain: "hour" | "day", finer: string, starts: Date[]): Promise<void> {
  await sql.query(`DELETE FROM traffic_edge_${grain} WHERE bucket = ANY($1::timestamptz[])`, [starts]);
  await sql.query(
    `INSERT INTO traffic_edge_${grain} (bucket, "edgeKey", ${DIMS}, requests, connections, denied, dropped)
     SELECT date_trunc('${grain}', x.bucket, 'UTC'), x."edgeKey", ${DIMS.split(", ")
       .map((c) => `min(x.${c})`)
       .join(", ")}, ${SUMS}
       FROM ${finer} x JOIN unnest($1::timestamptz[]) AS g(start) ON x.bucket >= g.start AND x.bucket < g.start + interval '1 ${grain}'
      GROUP BY 1, 2`,
    [starts],
  );
  await sql.query(`DELETE FROM traffic_cluster_${grain} WHERE bucket = ANY($1::timestamptz[])`, [starts]);
  await sql.query(
    `INSERT INTO traffic_cluster_${grain} (bucket, ${CLUSTER_DIMS}, requests, connections, denied, dropped)
     SELECT bucket, ${CLUSTER_KEY}, ${SUMS} FROM traffic_edge_${grain} WHERE bucket = ANY($1::timestamptz[])
      GROUP BY 1, 2, 3, 4, 5`,
    [starts],
  );
}

/** The hours a batch wrote buckets into. */
export async function hoursOfBatch(sql: Sql, batchId: string): Promise<Date[]> {
  const rows = await sql.query<{ h: Date }>(
    `SELECT DISTINCT date_trunc('hour', bucket, 'UTC') AS h FROM traffic_edge_minute WHERE "batchId" = $1`,
    [batchId],
  );
  return rows.map((r) => r.h);
}
