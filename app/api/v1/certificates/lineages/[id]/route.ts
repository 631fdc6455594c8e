import { READ } from "@/lib/auth/roles";
import { lineageDetail } from "@/lib/certificates/queries/inventory";
import { notFound } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

// GET /api/v1/certificates/lineages/{id}: a lineage, its versions and their rotation outcomes (docs/kpis.md).
export const GET = apiRoute<{ id: string }>(READ, async ({ params }) => {
  const d = await lineageDetail(params.id);
  if (!d) throw notFound("Certificate lineage");
  return d;
});
