import { INGEST } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { ingestFromRequest } from "@/lib/ingest/http";

// POST /api/v1/alerts/alertmanager — Alertmanager's webhook_configs receiver (payload version 4), with
// `http_config.authorization.credentials` set to a Posture token with the ingest scope. ?cluster= names
// the cluster for alerts whose labels carry none.
export const POST = apiRoute(INGEST, async ({ req, principal }) =>
  ingestFromRequest("alerts", req, principal, { format: "alertmanager" }),
);
