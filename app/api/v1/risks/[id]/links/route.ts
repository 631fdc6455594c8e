import { MANAGE_RISKS, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { addLink, evaluateKpis, kpiPaths, linkInput, riskEvidence } from "@/lib/risks/evidence";
import { db, editorOf, tx } from "@/lib/risks/http";
import { mustLoad } from "@/lib/risks/mutations/revisions";

type P = { id: string };

// GET /api/v1/risks/{id}/links — evidence with live values, values at the last review, flags and samples.
export const GET = apiRoute<P>(READ, async ({ params }) => {
  await mustLoad(db(), params.id);
  return { evidence: await riskEvidence(db(), params.id), kpiPaths: kpiPaths() };
});

// POST /api/v1/risks/{id}/links — {kind: finding|incident|kpi, ref, cluster?, label?, threshold?, direction?}
export const POST = apiRoute<P>(MANAGE_RISKS, async ({ req, principal, params }) => {
  const input = await readJson(req, linkInput);
  const now = new Date();
  const value =
    input.kind === "kpi" && kpiPaths().includes(input.ref)
      ? (await evaluateKpis([{ ref: input.ref, cluster: input.cluster ?? null }], now))[0]
      : null;
  const risk = await tx((sql) => addLink(sql, editorOf(principal), params.id, input, now, value));
  return Response.json(risk, { status: 201 });
});
