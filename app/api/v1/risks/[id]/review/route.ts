import { MANAGE_RISKS } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { evaluateKpis } from "@/lib/risks/evidence";
import { db, editorOf, tx } from "@/lib/risks/http";
import { reviewRisk } from "@/lib/risks/mutations/register";
import { kpiLinksOf } from "@/lib/risks/queries";
import { reviewBody } from "@/lib/risks/schema";

// POST /api/v1/risks/{id}/review — records a review: next due date by cadence, evidence values as seen now.
export const POST = apiRoute<{ id: string }>(MANAGE_RISKS, async ({ req, principal, params }) => {
  const input = await readJson(req, reviewBody);
  const now = new Date();
  const links = await kpiLinksOf(db(), params.id);
  // Evaluated before the transaction: computeKpis reads through the pool.
  const values = await evaluateKpis(links, now);
  const seen = new Map(links.map((l, i) => [l.id, values[i]]));
  const { risk, changed } = await tx((sql) =>
    reviewRisk(sql, editorOf(principal), params.id, input, seen, { at: now }),
  );
  return { ...risk, changed };
});
