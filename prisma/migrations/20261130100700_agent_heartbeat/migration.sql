-- The latest heartbeat of each in-cluster agent (lib/agents/heartbeat.ts), one row per ingest token and
-- cluster: an agent is known by the token it pushes with, whose default cluster it watches.
CREATE TABLE "agent_heartbeat" (
    "tokenId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPushAt" TIMESTAMPTZ(3),
    "pending" INTEGER NOT NULL DEFAULT 0,
    "dropped" INTEGER NOT NULL DEFAULT 0,
    "status" JSONB NOT NULL,

    CONSTRAINT "agent_heartbeat_pkey" PRIMARY KEY ("tokenId", "clusterId")
);
ALTER TABLE "agent_heartbeat" ADD CONSTRAINT "agent_heartbeat_tokenId_fkey"
  FOREIGN KEY ("tokenId") REFERENCES "api_token"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agent_heartbeat" ADD CONSTRAINT "agent_heartbeat_clusterId_fkey"
  FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
