import { READ } from "@/lib/auth/roles";
import { findingFigures, listFindings, parseFindingFilters } from "@/lib/detection/queries";
import { apiRoute } from "@/lib/http/api";

// GET /api/v1/findings?status=open|resolved&rule=&cluster=&severity= — with detection latency and
// time-to-remediate figures over the listed findings.
export const GET = apiRoute(READ, async ({ url }) => {
  const items = await listFindings(parseFindingFilters(url.searchParams));
  return { items, figures: findingFigures(items) };
});
