import "server-only";
import { prisma } from "@/lib/db/prisma";

export async function listClusters() {
  return prisma().cluster.findMany({ orderBy: { name: "asc" } });
}

export async function listBatches(limit: number) {
  const rows = await prisma().ingestBatch.findMany({
    orderBy: { receivedAt: "desc" },
    take: limit,
    include: { cluster: { select: { name: true } } },
  });
  return rows.map((b) => ({ ...b, cluster: b.cluster?.name ?? null }));
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
