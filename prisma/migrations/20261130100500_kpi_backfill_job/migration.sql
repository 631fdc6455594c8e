-- KPI backfills run as a background job (lib/kpi/backfill-job.ts): one row per request, with its progress.
CREATE TABLE "kpi_backfill" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "fromDay" DATE NOT NULL,
  "toDay" DATE NOT NULL,
  "state" TEXT NOT NULL DEFAULT 'queued',
  "daysTotal" INTEGER NOT NULL,
  "daysDone" INTEGER NOT NULL DEFAULT 0,
  "rows" INTEGER NOT NULL DEFAULT 0,
  "error" TEXT,
  "actorType" TEXT NOT NULL,
  "actorId" TEXT,
  "actorLabel" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "startedAt" TIMESTAMPTZ(3),
  "finishedAt" TIMESTAMPTZ(3),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
-- At most one backfill queued or running at a time: a second request conflicts here, atomically.
CREATE UNIQUE INDEX "kpi_backfill_one_active" ON "kpi_backfill" ((true)) WHERE "state" IN ('queued', 'running');
CREATE INDEX "kpi_backfill_createdAt_idx" ON "kpi_backfill"("createdAt");
