import { agentStatusSchema } from "@/lib/agent/status";
import { INGEST } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { recordHeartbeat } from "@/lib/sources/agents";

// POST /api/v1/agents/heartbeat: an in-cluster agent's health and lag, with its ingest token (docs/install.md).
export const POST = apiRoute(INGEST, async ({ req, principal }) =>
  recordHeartbeat(principal, await readJson(req, agentStatusSchema)),
);
