-- Certificate inventory: lineages, their versions, parsed X.509 certificates (DESIGN §5, §7.2, §7.5).
CREATE TABLE "certificate_lineage" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "key" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "identity" TEXT NOT NULL,
  "label" TEXT NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE CASCADE,
  "namespace" TEXT,
  "name" TEXT,
  "currentVersionId" UUID,
  "versionCount" INTEGER NOT NULL DEFAULT 0,
  "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "demo" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "certificate_lineage_key_key" ON "certificate_lineage"("key");
CREATE INDEX "certificate_lineage_clusterId_namespace_idx" ON "certificate_lineage"("clusterId", "namespace");
CREATE INDEX "certificate_lineage_batchId_idx" ON "certificate_lineage"("batchId");

CREATE TABLE "certificate" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "fingerprintSha256" TEXT NOT NULL,
  "serial" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "issuer" TEXT NOT NULL,
  "commonName" TEXT,
  "sans" TEXT[],
  "spiffeId" TEXT,
  "notBefore" TIMESTAMPTZ(3) NOT NULL,
  "notAfter" TIMESTAMPTZ(3) NOT NULL,
  "keyAlgorithm" TEXT NOT NULL,
  "keySize" INTEGER,
  "keyCurve" TEXT,
  "signatureAlgorithm" TEXT NOT NULL,
  "isCA" BOOLEAN NOT NULL,
  "selfSigned" BOOLEAN NOT NULL,
  "der" BYTEA NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE SET NULL,
  "namespace" TEXT,
  "seenIn" JSONB NOT NULL DEFAULT '[]',
  "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "certificate_fingerprintSha256_key" ON "certificate"("fingerprintSha256");
CREATE INDEX "certificate_notAfter_idx" ON "certificate"("notAfter");
CREATE INDEX "certificate_batchId_idx" ON "certificate"("batchId");

CREATE TABLE "certificate_version" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "lineageId" UUID NOT NULL REFERENCES "certificate_lineage"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "versionKey" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "revision" INTEGER,
  "certificateId" UUID REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  "fingerprintSha256" TEXT,
  "serial" TEXT,
  "subject" TEXT NOT NULL,
  "issuer" TEXT NOT NULL,
  "sans" TEXT[],
  "spiffeId" TEXT,
  "notBefore" TIMESTAMPTZ(3),
  "notAfter" TIMESTAMPTZ(3) NOT NULL,
  "renewalTime" TIMESTAMPTZ(3),
  "renewBeforeSeconds" INTEGER,
  "deadline" TIMESTAMPTZ(3),
  "graceSeconds" INTEGER,
  "successorNotBefore" TIMESTAMPTZ(3),
  "keyAlgorithm" TEXT,
  "keySize" INTEGER,
  "signatureAlgorithm" TEXT,
  "isCA" BOOLEAN NOT NULL DEFAULT false,
  "weak" BOOLEAN NOT NULL DEFAULT false,
  "reportedExpired" BOOLEAN NOT NULL DEFAULT false,
  "ready" TEXT,
  "readyReason" TEXT,
  "readyMessage" TEXT,
  "issuing" BOOLEAN NOT NULL DEFAULT false,
  "failedIssuanceAttempts" INTEGER,
  "certManager" JSONB,
  "where" TEXT NOT NULL,
  "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "certificate_version_lineageId_versionKey_key" ON "certificate_version"("lineageId", "versionKey");
CREATE INDEX "certificate_version_deadline_idx" ON "certificate_version"("deadline");
CREATE INDEX "certificate_version_notAfter_idx" ON "certificate_version"("notAfter");
CREATE INDEX "certificate_version_batchId_idx" ON "certificate_version"("batchId");
CREATE INDEX "certificate_version_certificateId_idx" ON "certificate_version"("certificateId");
-- The current version of a lineage; SET NULL when a wiped batch takes it away (recomputed on ingest).
ALTER TABLE "certificate_lineage" ADD CONSTRAINT "certificate_lineage_currentVersionId_fkey"
  FOREIGN KEY ("currentVersionId") REFERENCES "certificate_version"("id") ON DELETE SET NULL;
