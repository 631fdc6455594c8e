-- Risk register (DESIGN §9): risks, their revisions, evidence links and samples, saved filters.
CREATE TABLE "risk" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "title" TEXT NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "category" TEXT NOT NULL DEFAULT '',
  "ownerId" TEXT REFERENCES "user"("id") ON DELETE SET NULL,
  "clusters" TEXT[],
  "inherentLikelihood" INTEGER NOT NULL CHECK ("inherentLikelihood" BETWEEN 1 AND 5),
  "inherentImpact" INTEGER NOT NULL CHECK ("inherentImpact" BETWEEN 1 AND 5),
  "residualLikelihood" INTEGER NOT NULL CHECK ("residualLikelihood" BETWEEN 1 AND 5),
  "residualImpact" INTEGER NOT NULL CHECK ("residualImpact" BETWEEN 1 AND 5),
  "targetLikelihood" INTEGER NOT NULL CHECK ("targetLikelihood" BETWEEN 1 AND 5),
  "targetImpact" INTEGER NOT NULL CHECK ("targetImpact" BETWEEN 1 AND 5),
  "confidence" TEXT NOT NULL DEFAULT 'medium' CHECK ("confidence" IN ('low', 'medium', 'high')),
  "treatment" TEXT NOT NULL DEFAULT 'mitigate' CHECK ("treatment" IN ('mitigate', 'accept', 'transfer', 'avoid')),
  "status" TEXT NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'treating', 'accepted', 'closed')),
  "reviewDue" TIMESTAMPTZ(3) NOT NULL,
  "lastReviewedAt" TIMESTAMPTZ(3),
  "acceptanceApproverId" TEXT REFERENCES "user"("id") ON DELETE SET NULL,
  "acceptanceRationale" TEXT,
  "acceptanceExpiresAt" TIMESTAMPTZ(3),
  "acceptanceState" TEXT CHECK ("acceptanceState" IN ('pending', 'approved', 'expired')),
  "acceptanceRequestedBy" TEXT,
  "acceptanceApprovedAt" TIMESTAMPTZ(3),
  "acceptanceBasis" JSONB,
  "version" INTEGER NOT NULL DEFAULT 1,
  "demo" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "risk_status_idx" ON "risk"("status");
CREATE INDEX "risk_reviewDue_idx" ON "risk"("reviewDue");
CREATE INDEX "risk_ownerId_idx" ON "risk"("ownerId");

CREATE TABLE "risk_revision" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "riskId" UUID NOT NULL REFERENCES "risk"("id") ON DELETE CASCADE,
  "version" INTEGER NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "action" TEXT NOT NULL,
  "actorType" TEXT NOT NULL,
  "actorId" TEXT,
  "actorLabel" TEXT,
  "changed" TEXT[],
  "before" JSONB,
  "after" JSONB NOT NULL,
  "note" TEXT
);
CREATE UNIQUE INDEX "risk_revision_riskId_version_key" ON "risk_revision"("riskId", "version");
CREATE INDEX "risk_revision_at_idx" ON "risk_revision"("at");

CREATE TABLE "risk_link" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "riskId" UUID NOT NULL REFERENCES "risk"("id") ON DELETE CASCADE,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('finding', 'incident', 'kpi')),
  "ref" TEXT NOT NULL,
  "cluster" TEXT,
  "label" TEXT,
  "threshold" DOUBLE PRECISION,
  "direction" TEXT CHECK ("direction" IN ('above', 'below')),
  "reviewedValue" DOUBLE PRECISION,
  "reviewedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
-- NULLS NOT DISTINCT: the same KPI without a cluster is linked once.
CREATE UNIQUE INDEX "risk_link_riskId_kind_ref_cluster_key" ON "risk_link"("riskId", "kind", "ref", "cluster") NULLS NOT DISTINCT;

CREATE TABLE "risk_evidence_sample" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "linkId" UUID NOT NULL REFERENCES "risk_link"("id") ON DELETE CASCADE,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "value" DOUBLE PRECISION
);
CREATE INDEX "risk_evidence_sample_linkId_at_idx" ON "risk_evidence_sample"("linkId", "at");

CREATE TABLE "risk_view_pref" (
  "userId" TEXT NOT NULL PRIMARY KEY REFERENCES "user"("id") ON DELETE CASCADE,
  "query" TEXT NOT NULL,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
