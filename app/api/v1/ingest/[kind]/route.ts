import { INGEST } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { ingestFromRequest, parseKind } from "@/lib/ingest/http";

// POST /api/v1/ingest/{certificates|policy|telemetry|alerts}?format=&cluster= (docs/ingest-formats.md)
export const POST = apiRoute<{ kind: string }>(INGEST, async ({ req, principal, params }) =>
  ingestFromRequest(parseKind(params.kind), req, principal),
);
