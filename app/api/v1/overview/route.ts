import { READ } from "@/lib/auth/roles";
import { fromReplica, readAfterOf } from "@/lib/db/replica";
import { apiRoute } from "@/lib/http/api";
import { buildOverview } from "@/lib/reports/overview";

// GET /api/v1/overview?period=30d|2026-10|…&cluster= — the landing page's tiles and attention list.
export const GET = apiRoute(READ, async ({ req, url }) =>
  fromReplica(readAfterOf(req), () =>
    buildOverview({ period: url.searchParams.get("period"), cluster: url.searchParams.get("cluster") }),
  ),
);
