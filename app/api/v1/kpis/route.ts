import { READ } from "@/lib/auth/roles";
import { fromReplica, readAfterOf } from "@/lib/db/replica";
import { apiRoute } from "@/lib/http/api";
import { computeKpis } from "@/lib/kpi/compute";
import { parseScope } from "@/lib/kpi/window";

// GET /api/v1/kpis?from&to&cluster — the shape documented in docs/kpis.md.
export const GET = apiRoute(READ, async ({ req, url }) =>
  fromReplica(readAfterOf(req), () => computeKpis(parseScope(url.searchParams))),
);
