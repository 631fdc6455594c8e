// Ways in for pushed data: the generic ingest route, OPA's decision-log service, Alertmanager's webhook.
import { agentStatusSchema } from "@/lib/agent/status";
import { INGEST } from "@/lib/auth/roles";
import { type Details, errors, type Operation, operationsOf, type QueryParam } from "./shape";

const CLUSTER: QueryParam = {
  name: "cluster",
  description:
    "The cluster of the records; else the envelope's, the record's own (e.g. OPA labels.cluster), or the token's or source's default cluster",
};
const BATCH = {
  description: "The batch: {batchId, status, accepted, duplicates, rejected:[{line|index, reason}]}",
};

/** What every ingest route shares: the batch it answers, its refusals. */
const ingestRoute = (body: Operation["body"], query: QueryParam[]): Details => ({
  body,
  query,
  responses: { "200": BATCH, "201": BATCH },
  errors: errors("413", "415", "422", "429", "503"),
});

const ingest = operationsOf("Ingest");

export const INGEST_OPERATIONS: Operation[] = [
  ingest.change(
    "POST",
    "ingest",
    "/api/v1/ingest/{kind}",
    "Send certificates, policy decisions, telemetry or alerts (kind = certificates|policy|telemetry|alerts)",
    INGEST,
    undefined,
    {
      ...ingestRoute(
        {
          contentTypes: ["application/json", "application/x-ndjson", "text/plain", "application/x-pem-file"],
          description:
            "A payload in one of the documented formats, optionally in an envelope {cluster, collectedAt, source, payload}",
        },
        [
          {
            name: "format",
            description: "The input format (detected from the content type and content when absent)",
          },
          CLUSTER,
        ],
      ),
      headers: [
        {
          name: "Idempotency-Key",
          description: "The same key again (same token and kind) answers the first batch",
        },
        { name: "Content-Encoding", description: "gzip accepted" },
      ],
    },
  ),
  ingest.change(
    "POST",
    "opaDecisionLogs",
    "/api/v1/opa/logs",
    "OPA's decision-log service (point OPA's decision_logs service here; gzip JSON array)",
    INGEST,
    undefined,
    ingestRoute(
      {
        contentTypes: ["application/json"],
        description: "OPA decision-log events (JSON array, usually gzip)",
      },
      [CLUSTER],
    ),
  ),
  ingest.change(
    "POST",
    "alertmanagerWebhook",
    "/api/v1/alerts/alertmanager",
    "Alertmanager webhook receiver (webhook_configs, payload version 4)",
    INGEST,
    undefined,
    ingestRoute({ contentTypes: ["application/json"], description: "Alertmanager webhook payload" }, [
      CLUSTER,
    ]),
  ),
  ingest.change(
    "POST",
    "agentHeartbeat",
    "/api/v1/agents/heartbeat",
    "An in-cluster agent's health and lag (posture agent), shown on the Sources page",
    INGEST,
    agentStatusSchema,
    {
      description:
        "Sent with the agent's ingest token, whose default cluster must be the cluster the agent names (409 otherwise). The latest heartbeat per token and cluster is kept.",
      responses: { "200": { description: "Stored: {cluster}" } },
      errors: errors("409", "415"),
    },
  ),
];
