-- KPI history, KPI target changes and frozen executive reports (prisma/schema/reports.prisma).
CREATE TABLE "kpi_snapshot" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "day" DATE NOT NULL,
  "scope" TEXT NOT NULL,
  "data" JSONB NOT NULL,
  "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "kpi_snapshot_day_scope_key" ON "kpi_snapshot"("day", "scope");
CREATE INDEX "kpi_snapshot_scope_day_idx" ON "kpi_snapshot"("scope", "day");

CREATE TABLE "kpi_target_change" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "metric" TEXT NOT NULL,
  "comparator" TEXT,
  "value" DOUBLE PRECISION,
  "previous" JSONB,
  "actorLabel" TEXT,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "kpi_target_change_metric_at_idx" ON "kpi_target_change"("metric", "at");

CREATE TABLE "report_snapshot" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "kind" TEXT NOT NULL DEFAULT 'executive',
  "period" TEXT NOT NULL,
  "cluster" TEXT,
  "periodFrom" TIMESTAMPTZ(3) NOT NULL,
  "periodTo" TIMESTAMPTZ(3) NOT NULL,
  "title" TEXT NOT NULL,
  "data" JSONB NOT NULL,
  "dataSha256" TEXT NOT NULL,
  "pdf" BYTEA NOT NULL,
  "pdfSha256" TEXT NOT NULL,
  "scheduled" BOOLEAN NOT NULL DEFAULT false,
  "createdBy" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "report_snapshot_createdAt_idx" ON "report_snapshot"("createdAt");
