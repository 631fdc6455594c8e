import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { Rejection } from "@/lib/ingest/types";
import { summariseRejections } from "./rejections";

export async function listClusters() {
  return prisma().cluster.findMany({ orderBy: { name: "asc" } });
}

/** Rejections read per batch for the page (the writer stores up to 1000; the rest are only counted). */
const REJECTIONS_SHOWN = 200;

/** The latest batches, each with its rejections grouped by reason (lib/sources/rejections.ts). */
export async function listBatches(limit: number) {
  const rows = await prisma().ingestBatch.findMany({
    orderBy: { receivedAt: "desc" },
    take: limit,
    omit: { errors: true },
    include: { cluster: { select: { name: true } } },
  });
  const withRejections = rows.filter((b) => b.rejected > 0).map((b) => b.id);
  const stored = withRejections.length
    ? await prisma().$queryRaw<{ id: string; errors: Rejection[] }[]>`
        SELECT id, jsonb_path_query_array(errors, ${`$[0 to ${REJECTIONS_SHOWN - 1}]`}::jsonpath) AS errors
          FROM ingest_batch WHERE id = ANY(${withRejections}::uuid[])`
    : [];
  const errorsOf = new Map(stored.map((r) => [r.id, r.errors]));
  return rows.map((b) => ({
    ...b,
    cluster: b.cluster?.name ?? null,
    rejections: summariseRejections(errorsOf.get(b.id) ?? [], b.rejected),
  }));
}

/**
 * Sources without their secrets (only which secret fields are set). Run errors and messages only with
 * `withErrors` (operators): they describe internal targets, which viewers have no need to map.
 */
export async function listSources(opts: { withErrors: boolean }) {
  const rows = await prisma().source.findMany({
    orderBy: { name: "asc" },
    include: { runs: { orderBy: { startedAt: "desc" }, take: 1 } },
  });
  const clusters = new Map((await prisma().cluster.findMany()).map((c) => [c.id, c.name]));
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    config: s.config,
    hasSecrets: !!s.secretsEnc,
    intervalSeconds: s.intervalSeconds,
    enabled: s.enabled,
    cluster: s.clusterId ? (clusters.get(s.clusterId) ?? null) : null,
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    lastStatus: s.lastStatus,
    lastError: opts.withErrors ? s.lastError : null,
    lastMessage: opts.withErrors ? (s.runs[0]?.message ?? null) : null,
  }));
}
