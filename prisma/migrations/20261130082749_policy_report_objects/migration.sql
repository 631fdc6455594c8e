-- Policy reports are kept per report object (cluster, group/kind, namespace, name): each snapshot row is
-- the state of one report from collectedAt on; `removed` rows mark a report a full listing no longer held.
-- Gatekeeper keeps one picture per cluster (empty identity). Rows from before this change have an empty
-- identity too: the first report object stored for their cluster supersedes them.
ALTER TABLE "policy_snapshot" ADD COLUMN "reportKind" TEXT NOT NULL DEFAULT '';
ALTER TABLE "policy_snapshot" ADD COLUMN "reportNamespace" TEXT NOT NULL DEFAULT '';
ALTER TABLE "policy_snapshot" ADD COLUMN "reportName" TEXT NOT NULL DEFAULT '';
ALTER TABLE "policy_snapshot" ADD COLUMN "removed" BOOLEAN NOT NULL DEFAULT false;
DROP INDEX "policy_snapshot_clusterId_source_collectedAt_contentSha256_key";
CREATE UNIQUE INDEX "policy_snapshot_object_collectedAt_contentSha256_key" ON "policy_snapshot"
  ("clusterId", "source", "reportKind", "reportNamespace", "reportName", "collectedAt", "contentSha256");
CREATE INDEX "policy_snapshot_object_idx" ON "policy_snapshot"
  ("clusterId", "source", "reportKind", "reportNamespace", "reportName", "collectedAt");
