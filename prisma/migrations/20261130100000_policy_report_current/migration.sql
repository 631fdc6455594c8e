-- Compliance over the current state of every policy report without sorting the whole history: the latest
-- row of each report object (cluster, source, group/kind, namespace, name) — "latest" as in
-- lib/policy/report-store.ts#LATEST_REPORT_STATES: collectedAt, then createdAt, then id, descending.
-- Kept by statement triggers on policy_snapshot, so every writer (report-store.ts, listings, legacy
-- pictures, bulk loads) and every delete (a wiped batch cascades) keeps it exact without knowing of it.
-- Removed objects keep their row (removed = true): a removal is the object's latest state too.

CREATE TABLE "policy_report_current" (
  "clusterId" UUID NOT NULL,
  "source" TEXT NOT NULL,
  "reportKind" TEXT NOT NULL,
  "reportNamespace" TEXT NOT NULL,
  "reportName" TEXT NOT NULL,
  "snapshotId" UUID NOT NULL REFERENCES "policy_snapshot"("id") ON DELETE CASCADE,
  "collectedAt" TIMESTAMPTZ(3) NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL,
  "removed" BOOLEAN NOT NULL,
  "pass" INTEGER NOT NULL,
  "fail" INTEGER NOT NULL,
  "error" INTEGER NOT NULL,
  PRIMARY KEY ("clusterId", "source", "reportKind", "reportNamespace", "reportName")
);
CREATE INDEX "policy_report_current_snapshotId_idx" ON "policy_report_current"("snapshotId");

-- New rows replace an object's current row when they are later (rows are taken in key order, so
-- concurrent writers lock current rows in the same order within a statement).
CREATE FUNCTION "policy_report_current_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO policy_report_current AS c ("clusterId", source, "reportKind", "reportNamespace", "reportName",
    "snapshotId", "collectedAt", "createdAt", removed, pass, fail, error)
  SELECT * FROM (
    SELECT DISTINCT ON ("clusterId", source, "reportKind", "reportNamespace", "reportName")
           "clusterId", source, "reportKind", "reportNamespace", "reportName", id, "collectedAt", "createdAt",
           removed, pass, fail, error
      FROM added
     ORDER BY "clusterId", source, "reportKind", "reportNamespace", "reportName", "collectedAt" DESC, "createdAt" DESC, id DESC
  ) n ORDER BY "clusterId", source, "reportKind", "reportNamespace", "reportName"
  ON CONFLICT ("clusterId", source, "reportKind", "reportNamespace", "reportName") DO UPDATE
    SET "snapshotId" = EXCLUDED."snapshotId", "collectedAt" = EXCLUDED."collectedAt", "createdAt" = EXCLUDED."createdAt",
        removed = EXCLUDED.removed, pass = EXCLUDED.pass, fail = EXCLUDED.fail, error = EXCLUDED.error
    WHERE (EXCLUDED."collectedAt", EXCLUDED."createdAt", EXCLUDED."snapshotId") > (c."collectedAt", c."createdAt", c."snapshotId");
  RETURN NULL;
END $$;

-- A deleted current row (the foreign key's cascade has removed it already) is replaced by the latest row
-- of that object still present, if any.
CREATE FUNCTION "policy_report_current_restore"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO policy_report_current ("clusterId", source, "reportKind", "reportNamespace", "reportName",
    "snapshotId", "collectedAt", "createdAt", removed, pass, fail, error)
  SELECT * FROM (
    SELECT DISTINCT ON (s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName")
           s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName", s.id, s."collectedAt", s."createdAt",
           s.removed, s.pass, s.fail, s.error
      FROM policy_snapshot s
      JOIN (SELECT DISTINCT "clusterId", source, "reportKind", "reportNamespace", "reportName" FROM gone) g
        USING ("clusterId", source, "reportKind", "reportNamespace", "reportName")
     WHERE NOT EXISTS (SELECT 1 FROM policy_report_current c
                        WHERE (c."clusterId", c.source, c."reportKind", c."reportNamespace", c."reportName")
                            = (s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName"))
     ORDER BY s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName",
              s."collectedAt" DESC, s."createdAt" DESC, s.id DESC
  ) n ORDER BY "clusterId", source, "reportKind", "reportNamespace", "reportName"
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "policy_snapshot_current_insert" AFTER INSERT ON "policy_snapshot"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "policy_report_current_add"();
CREATE TRIGGER "policy_snapshot_current_delete" AFTER DELETE ON "policy_snapshot"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "policy_report_current_restore"();
-- Snapshot rows are history: appended, deleted with their batch, never changed in place.
CREATE FUNCTION "policy_snapshot_no_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy_snapshot rows are appended, not updated';
END $$;
CREATE TRIGGER "policy_snapshot_no_update" BEFORE UPDATE ON "policy_snapshot"
  FOR EACH ROW EXECUTE FUNCTION "policy_snapshot_no_update"();

INSERT INTO policy_report_current ("clusterId", source, "reportKind", "reportNamespace", "reportName",
  "snapshotId", "collectedAt", "createdAt", removed, pass, fail, error)
SELECT DISTINCT ON ("clusterId", source, "reportKind", "reportNamespace", "reportName")
       "clusterId", source, "reportKind", "reportNamespace", "reportName", id, "collectedAt", "createdAt", removed, pass, fail, error
  FROM policy_snapshot
 ORDER BY "clusterId", source, "reportKind", "reportNamespace", "reportName", "collectedAt" DESC, "createdAt" DESC, id DESC;

-- Certificate KPIs (lib/certificates/kpi.ts) at 100 k certificates: rotation classifies the versions due in
-- the window from an index-only range scan on the deadline; expired counts read the few current versions
-- that were seen expired.
CREATE INDEX "certificate_version_rotation_idx" ON "certificate_version" ("deadline")
  INCLUDE ("notBefore", "notAfter", "successorNotBefore", "lineageId");
CREATE INDEX "certificate_current_seenExpired_idx" ON "certificate_current" ("clusterId", "notAfter") WHERE "seenExpired";
