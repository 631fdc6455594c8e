-- Rotation on schedule (lib/certificates/kpi.ts#rotationKpi) classified every version due in the window with
-- timestamp arithmetic per row (deadline + min(1 hour, lifetime / 10)): at 100 k certificates a 30-day window
-- holds about 18,000 due versions, and that arithmetic was most of the KPI request. The limit is now a stored
-- generated column (the same expression, to the microsecond; PostgreSQL keeps it true on every write), carried
-- in the rotation index, so the count is an index-only scan of plain comparisons.
ALTER TABLE "certificate_version" ADD COLUMN "rotationLimit" TIMESTAMPTZ
  GENERATED ALWAYS AS (("deadline" AT TIME ZONE 'UTC' + least(interval '1 hour', ("notAfter" - "notBefore") / 10)) AT TIME ZONE 'UTC') STORED;
DROP INDEX "certificate_version_rotation_idx";
CREATE INDEX "certificate_version_rotation_idx" ON "certificate_version" ("deadline")
  INCLUDE ("rotationLimit", "notAfter", "successorNotBefore", "lineageId");

-- The incident clocks (lib/incidents/kpi.ts) pick incidents detected, contained or resolved in the window: with
-- an index on each stamp that is a BitmapOr of three range scans instead of reading every incident.
CREATE INDEX "incident_containedAt_idx" ON "incident" ("containedAt");
CREATE INDEX "incident_resolvedAt_idx" ON "incident" ("resolvedAt");
