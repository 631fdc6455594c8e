import { READ } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { db } from "@/lib/risks/http";
import { type Basis, heatmap } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";

// GET /api/v1/risks/heatmap?asOf=&basis=residual|inherent|target&cluster= — counts per cell, now or as the
// register stood at asOf (from the revisions).
export const GET = apiRoute(READ, async ({ url }) => {
  const p = url.searchParams;
  const basis = (p.get("basis") ?? "residual") as Basis;
  if (!["residual", "inherent", "target"].includes(basis))
    throw badRequest("basis: one of residual, inherent, target");
  const raw = p.get("asOf");
  let asOf: Date | null = null;
  if (raw) {
    // A bare date means the end of that day (UTC): the register as it stood that day.
    asOf = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T23:59:59.999Z`) : new Date(raw);
    if (Number.isNaN(asOf.getTime())) throw badRequest(`asOf: "${raw.slice(0, 40)}" is not a date`);
  }
  const m = await getMatrix(db());
  return {
    ...(await heatmap(db(), m, { asOf, basis, cluster: p.get("cluster")?.trim() || null })),
    levels: m.levels,
    appetite: m.appetite,
  };
});
