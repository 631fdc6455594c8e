import { INGEST } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { ingestFromRequest } from "@/lib/ingest/http";

// OPA's decision-log service (docs/ingest-formats.md): configure `services: [{name: posture, url: $POSTURE_URL/api/v1/opa,
// credentials: {bearer: {token: …}}}]` and `decision_logs: {service: posture}`; OPA POSTs gzip JSON arrays
// to <url>/logs and requeues on any non-2xx answer. ?cluster= on the URL names the cluster when the OPA
// config has no `labels.cluster`.
export const POST = apiRoute(INGEST, async ({ req, principal }) =>
  ingestFromRequest("policy", req, principal, { format: "opa" }),
);
