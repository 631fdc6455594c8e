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

/** Sources without their secrets (only which secret fields are set). */
export async function listSources() {
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
    lastError: s.lastError,
    lastMessage: s.runs[0]?.message ?? null,
  }));
}
