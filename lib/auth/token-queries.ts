import "server-only";
import { prisma } from "@/lib/db/prisma";

/** Tokens without their secrets; admins see everyone's, others their own. */
export async function listTokens(opts: { userId?: string }) {
  const rows = await prisma().apiToken.findMany({
    where: opts.userId ? { userId: opts.userId } : {},
    orderBy: { createdAt: "desc" },
    include: { user: { select: { email: true } } },
  });
  const clusterIds = [...new Set(rows.map((t) => t.defaultClusterId).filter((x): x is string => !!x))];
  const clusters = clusterIds.length
    ? await prisma().cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, name: true } })
    : [];
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    cluster: t.defaultClusterId ? (clusterName.get(t.defaultClusterId) ?? null) : null,
    owner: t.user.email,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}
