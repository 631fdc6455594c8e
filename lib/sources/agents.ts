import "server-only";
// In-cluster agents as the centre knows them: the latest heartbeat per ingest token and cluster
// (POST /api/v1/agents/heartbeat), shown on the Sources page. A heartbeat is the agent's own report of its
// health, not a change anyone made, so it is stored without an audit event (like an ingest batch's row);
// the token it comes with is audited where it was created.
import type { AgentStatus } from "@/lib/agent/status";
import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { AppError, badRequest } from "@/lib/errors";

/** Stores the heartbeat of the agent behind this token; the token's default cluster must be the agent's. */
export async function recordHeartbeat(p: Principal, s: AgentStatus): Promise<{ cluster: string }> {
  if (p.via !== "token" || !p.tokenId)
    throw badRequest("Heartbeats come from an agent, with its ingest token, not from a signed-in session");
  if (!p.defaultCluster)
    throw new AppError(
      "conflict",
      `This token has no default cluster; give the agent a token created for its cluster (posture token create --cluster ${s.cluster} --scopes ingest …)`,
    );
  if (p.defaultCluster !== s.cluster)
    throw new AppError(
      "conflict",
      `This token's default cluster is "${p.defaultCluster}", but the agent watches "${s.cluster}"; each agent needs a token for its own cluster`,
    );
  await sqlOfPg(pool()).query(
    `INSERT INTO agent_heartbeat ("tokenId", "clusterId", version, "startedAt", "receivedAt", "lastPushAt", pending, dropped, status)
     SELECT $1, c.id, $3, $4, now(), $5, $6, $7, $8::jsonb FROM cluster c WHERE c.name = $2
     ON CONFLICT ("tokenId", "clusterId") DO UPDATE SET version = EXCLUDED.version, "startedAt" = EXCLUDED."startedAt",
       "receivedAt" = EXCLUDED."receivedAt", "lastPushAt" = EXCLUDED."lastPushAt", pending = EXCLUDED.pending,
       dropped = EXCLUDED.dropped, status = EXCLUDED.status`,
    [p.tokenId, s.cluster, s.version, s.startedAt, s.lastPushAt, s.pending, s.dropped, JSON.stringify(s)],
  );
  return { cluster: s.cluster };
}

export interface AgentRow {
  cluster: string;
  tokenName: string;
  receivedAt: Date;
  status: AgentStatus;
}

/** Every agent's latest heartbeat, newest first; tokens revoked since are left out. */
export async function listAgents(): Promise<AgentRow[]> {
  return sqlOfPg(pool()).query<AgentRow>(
    `SELECT c.name AS cluster, t.name AS "tokenName", h."receivedAt", h.status
       FROM agent_heartbeat h JOIN cluster c ON c.id = h."clusterId" JOIN api_token t ON t.id = h."tokenId"
      WHERE t."revokedAt" IS NULL
      ORDER BY c.name, h."receivedAt" DESC`,
  );
}
