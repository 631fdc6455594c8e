import "server-only";
import { prisma } from "@/lib/db/prisma";

export async function recentAuditEvents(limit: number) {
  const rows = await prisma().auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
