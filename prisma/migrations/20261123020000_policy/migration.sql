-- Policy decisions (partitioned by time, monthly partitions created on demand by lib/policy/partitions.ts),
-- their hourly/daily rollups, and PolicyReport/Gatekeeper snapshots.
CREATE TABLE "policy_decision" (
  "engine" TEXT NOT NULL,
  "decisionId" TEXT NOT NULL,
  "time" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "policy" TEXT,
  "rule" TEXT,
  "subject" TEXT,
  "target" TEXT,
  "action" TEXT,
  "result" TEXT NOT NULL,
  "reason" TEXT,
  "severity" TEXT,
  "details" JSONB NOT NULL DEFAULT '{}',
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  CONSTRAINT "policy_decision_pkey" PRIMARY KEY ("engine", "decisionId", "time")
) PARTITION BY RANGE ("time");
CREATE INDEX "policy_decision_clusterId_time_idx" ON "policy_decision"("clusterId", "time");
CREATE INDEX "policy_decision_time_idx" ON "policy_decision"("time");
CREATE INDEX "policy_decision_batchId_idx" ON "policy_decision"("batchId");

CREATE TABLE "policy_decision_hourly" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "policy" TEXT NOT NULL,
  "rule" TEXT NOT NULL,
  "result" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "target" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_decision_hourly_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "policy", "rule", "result", "subject", "target")
);

CREATE TABLE "policy_decision_daily" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "policy" TEXT NOT NULL,
  "rule" TEXT NOT NULL,
  "result" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "target" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_decision_daily_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "policy", "rule", "result", "subject", "target")
);

CREATE TABLE "policy_snapshot" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "source" TEXT NOT NULL,
  "collectedAt" TIMESTAMPTZ(3) NOT NULL,
  "contentSha256" TEXT NOT NULL,
  "pass" INTEGER NOT NULL,
  "fail" INTEGER NOT NULL,
  "warn" INTEGER NOT NULL,
  "error" INTEGER NOT NULL,
  "skip" INTEGER NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "policy_snapshot_clusterId_source_collectedAt_contentSha256_key"
  ON "policy_snapshot"("clusterId", "source", "collectedAt", "contentSha256");
CREATE INDEX "policy_snapshot_clusterId_source_collectedAt_idx" ON "policy_snapshot"("clusterId", "source", "collectedAt");
CREATE INDEX "policy_snapshot_batchId_idx" ON "policy_snapshot"("batchId");

CREATE TABLE "policy_snapshot_result" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "snapshotId" UUID NOT NULL REFERENCES "policy_snapshot"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "policy" TEXT NOT NULL,
  "rule" TEXT,
  "outcome" TEXT NOT NULL,
  "severity" TEXT,
  "category" TEXT,
  "resourceKind" TEXT,
  "resourceNamespace" TEXT,
  "resourceName" TEXT,
  "message" TEXT,
  "time" TIMESTAMPTZ(3),
  "count" INTEGER NOT NULL DEFAULT 1,
  "action" TEXT
);
CREATE INDEX "policy_snapshot_result_snapshotId_idx" ON "policy_snapshot_result"("snapshotId");
