import { MANAGE_RISKS, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { parseFilters } from "@/lib/risks/filters";
import { db, editorOf, tx } from "@/lib/risks/http";
import { createRiskSchema } from "@/lib/risks/model";
import { createRisk } from "@/lib/risks/mutations/register";
import { listRisks } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";

// GET /api/v1/risks?status&level&owner&cluster&category&q&overdue&aboveAppetite&likelihood&impact&sort&page&pageSize
export const GET = apiRoute(READ, async ({ url }) => {
  const f = parseFilters(url.searchParams);
  return listRisks(db(), await getMatrix(db()), f);
});

// POST /api/v1/risks — create (risk managers and admins).
export const POST = apiRoute(MANAGE_RISKS, async ({ req, principal }) => {
  const input = await readJson(req, createRiskSchema);
  const risk = await tx((sql) => createRisk(sql, editorOf(principal), input));
  return Response.json(risk, { status: 201, headers: { location: `/api/v1/risks/${risk.id}` } });
});
