-- Pull sources: the end of the last successful pull (a failed pull does not move a connector's window),
-- and a lease so that one source never runs twice at once (replicas, "Run now" during a scheduled run).
ALTER TABLE "source" ADD COLUMN "lastSuccessAt" TIMESTAMPTZ(3);
UPDATE "source" SET "lastSuccessAt" = "lastRunAt" WHERE "lastStatus" = 'ok';

CREATE TABLE "source_lease" (
  "sourceId" UUID NOT NULL PRIMARY KEY REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "holder" TEXT NOT NULL,
  "takenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "expiresAt" TIMESTAMPTZ(3) NOT NULL
);
