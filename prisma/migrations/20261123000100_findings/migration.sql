-- Findings of Posture's detection rules.
CREATE TABLE "finding" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "rule" TEXT NOT NULL,
  "severity" TEXT NOT NULL,
  "subjectKey" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE CASCADE,
  "namespace" TEXT,
  "workload" TEXT,
  "startedAt" TIMESTAMPTZ(3) NOT NULL,
  "detectedAt" TIMESTAMPTZ(3) NOT NULL,
  "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "resolvedAt" TIMESTAMPTZ(3),
  "status" TEXT NOT NULL DEFAULT 'open',
  "evidence" JSONB NOT NULL DEFAULT '{}',
  "incidentId" UUID,
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX "finding_rule_subjectKey_idx" ON "finding"("rule", "subjectKey");
CREATE INDEX "finding_status_detectedAt_idx" ON "finding"("status", "detectedAt");
CREATE INDEX "finding_clusterId_idx" ON "finding"("clusterId");
-- Deduplication: at most one unresolved finding per rule and subject.
CREATE UNIQUE INDEX "finding_open_rule_subject_key" ON "finding"("rule", "subjectKey") WHERE "resolvedAt" IS NULL;
