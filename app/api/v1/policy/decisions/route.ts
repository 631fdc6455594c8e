import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { explorerQuery, listDecisions } from "@/lib/policy/queries";

// GET /api/v1/policy/decisions?from&to&cluster&engine&result&subject&target&policy&cursor&limit
// Newest first; `next` is the cursor of the following page. At most 31 days per query (default: 24 h).
export const GET = apiRoute(READ, async ({ url }) =>
  listDecisions(explorerQuery.parse(Object.fromEntries(url.searchParams))),
);
