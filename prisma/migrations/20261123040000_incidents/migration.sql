-- Incidents, alerts, evidence and the incident timeline (DESIGN §7.1, §8).
CREATE TABLE "alert" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "fingerprint" TEXT NOT NULL,
  "alertname" TEXT NOT NULL,
  "status" TEXT NOT NULL,
  "severity" TEXT,
  "startsAt" TIMESTAMPTZ(3) NOT NULL,
  "endsAt" TIMESTAMPTZ(3),
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE CASCADE,
  "namespace" TEXT,
  "workload" TEXT,
  "summary" TEXT,
  "labels" JSONB NOT NULL,
  "annotations" JSONB NOT NULL,
  "generatorUrl" TEXT,
  "receivedAt" TIMESTAMPTZ(3) NOT NULL,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL,
  "incidentId" UUID,
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "alert_fingerprint_startsAt_key" ON "alert"("fingerprint", "startsAt");
CREATE INDEX "alert_incidentId_idx" ON "alert"("incidentId");

CREATE TABLE "incident_evidence" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "kind" TEXT NOT NULL,
  "ref" TEXT NOT NULL,
  "occurredAt" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE CASCADE,
  "namespace" TEXT,
  "workload" TEXT,
  "severity" TEXT,
  "summary" TEXT NOT NULL,
  "data" JSONB NOT NULL DEFAULT '{}',
  "batchId" UUID REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "incident_evidence_kind_ref_key" ON "incident_evidence"("kind", "ref");
CREATE INDEX "incident_evidence_clusterId_namespace_workload_occurredAt_idx" ON "incident_evidence"("clusterId", "namespace", "workload", "occurredAt");
CREATE INDEX "incident_evidence_occurredAt_idx" ON "incident_evidence"("occurredAt");

CREATE TABLE "incident" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "number" SERIAL NOT NULL,
  "title" TEXT NOT NULL,
  "severity" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'open',
  "owner" TEXT,
  "origin" TEXT NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE SET NULL,
  "namespace" TEXT,
  "workload" TEXT,
  "startedAt" TIMESTAMPTZ(3),
  "startedConfidence" TEXT NOT NULL DEFAULT 'unknown',
  "startedManual" BOOLEAN NOT NULL DEFAULT false,
  "detectedAt" TIMESTAMPTZ(3) NOT NULL,
  "detectedManual" BOOLEAN NOT NULL DEFAULT false,
  "acknowledgedAt" TIMESTAMPTZ(3),
  "containedAt" TIMESTAMPTZ(3),
  "containedConfidence" TEXT,
  "containedManual" BOOLEAN NOT NULL DEFAULT false,
  "resolvedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "demo" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "incident_status_check" CHECK ("status" IN ('open', 'acknowledged', 'contained', 'resolved')),
  CONSTRAINT "incident_started_confidence_check" CHECK ("startedConfidence" IN ('observed', 'estimated', 'unknown'))
);
CREATE UNIQUE INDEX "incident_number_key" ON "incident"("number");
CREATE INDEX "incident_status_idx" ON "incident"("status");
CREATE INDEX "incident_clusterId_namespace_workload_idx" ON "incident"("clusterId", "namespace", "workload");
CREATE INDEX "incident_detectedAt_idx" ON "incident"("detectedAt");

ALTER TABLE "alert" ADD CONSTRAINT "alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE SET NULL;

CREATE TABLE "incident_evidence_link" (
  "incidentId" UUID NOT NULL REFERENCES "incident"("id") ON DELETE CASCADE,
  "evidenceId" UUID NOT NULL REFERENCES "incident_evidence"("id") ON DELETE CASCADE,
  "origin" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("incidentId", "evidenceId")
);
CREATE INDEX "incident_evidence_link_evidenceId_idx" ON "incident_evidence_link"("evidenceId");

CREATE TABLE "incident_event" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "seq" BIGSERIAL NOT NULL,
  "incidentId" UUID NOT NULL REFERENCES "incident"("id") ON DELETE CASCADE,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
  "kind" TEXT NOT NULL,
  "actorType" TEXT NOT NULL,
  "actorId" TEXT,
  "actorLabel" TEXT,
  "reason" TEXT,
  "data" JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX "incident_event_incidentId_at_idx" ON "incident_event"("incidentId", "at");
