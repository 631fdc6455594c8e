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
