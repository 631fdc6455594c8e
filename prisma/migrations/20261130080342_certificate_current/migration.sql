-- Certificate hygiene over the current inventory without reading every lineage and version: the newest
-- version of each lineage, narrowed to what hygiene looks at (certificate_current, kept by
-- lib/certificates/store.ts#recomputeLineages), and the counts that do not depend on the time of the
-- question per cluster (certificate_hygiene_count, kept by triggers on certificate_current so that rows
-- removed by a cascade — a wiped batch — are subtracted too). Counts that do depend on it (expired,
-- expiring) are indexed range counts on certificate_current.notAfter.

CREATE TABLE "certificate_current" (
  "lineageId" UUID NOT NULL PRIMARY KEY REFERENCES "certificate_lineage"("id") ON DELETE CASCADE,
  "clusterId" UUID,
  "notBefore" TIMESTAMPTZ(3),
  "notAfter" TIMESTAMPTZ(3) NOT NULL,
  -- reportedExpired, or seen after its notAfter: what makes a past notAfter count as expired
  "seenExpired" BOOLEAN NOT NULL,
  "weak" BOOLEAN NOT NULL,
  "isCA" BOOLEAN NOT NULL,
  -- non-CA with a lifetime above the default policy maximum (90 days)
  "longLived" BOOLEAN NOT NULL
);
CREATE INDEX "certificate_current_clusterId_notAfter_idx" ON "certificate_current"("clusterId", "notAfter");
CREATE INDEX "certificate_current_notAfter_idx" ON "certificate_current"("notAfter");

-- The no-cluster lineages are counted under the nil UUID (a key column cannot be null).
CREATE TABLE "certificate_hygiene_count" (
  "clusterId" UUID NOT NULL PRIMARY KEY,
  "total" BIGINT NOT NULL DEFAULT 0,
  "weak" BIGINT NOT NULL DEFAULT 0,
  "longLived" BIGINT NOT NULL DEFAULT 0
);

CREATE FUNCTION "certificate_hygiene_count_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_hygiene_count AS h ("clusterId", total, weak, "longLived")
  SELECT coalesce("clusterId", '00000000-0000-0000-0000-000000000000'::uuid), count(*),
         count(*) FILTER (WHERE weak), count(*) FILTER (WHERE "longLived")
    FROM changed GROUP BY 1 ORDER BY 1
  ON CONFLICT ("clusterId") DO UPDATE SET total = h.total + EXCLUDED.total, weak = h.weak + EXCLUDED.weak,
    "longLived" = h."longLived" + EXCLUDED."longLived";
  RETURN NULL;
END $$;

CREATE FUNCTION "certificate_hygiene_count_subtract"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_hygiene_count AS h ("clusterId", total, weak, "longLived")
  SELECT coalesce("clusterId", '00000000-0000-0000-0000-000000000000'::uuid), -count(*),
         -count(*) FILTER (WHERE weak), -count(*) FILTER (WHERE "longLived")
    FROM changed GROUP BY 1 ORDER BY 1
  ON CONFLICT ("clusterId") DO UPDATE SET total = h.total + EXCLUDED.total, weak = h.weak + EXCLUDED.weak,
    "longLived" = h."longLived" + EXCLUDED."longLived";
  RETURN NULL;
END $$;

CREATE TRIGGER "certificate_current_counted_insert" AFTER INSERT ON "certificate_current"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "certificate_hygiene_count_add"();
CREATE TRIGGER "certificate_current_counted_delete" AFTER DELETE ON "certificate_current"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "certificate_hygiene_count_subtract"();
-- Rows are replaced (delete + insert), never updated, so the counts cannot drift.
CREATE FUNCTION "certificate_current_no_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'certificate_current rows are replaced, not updated';
END $$;
CREATE TRIGGER "certificate_current_no_update" BEFORE UPDATE ON "certificate_current"
  FOR EACH ROW EXECUTE FUNCTION "certificate_current_no_update"();

INSERT INTO "certificate_current" ("lineageId", "clusterId", "notBefore", "notAfter", "seenExpired", weak, "isCA", "longLived")
SELECT l.id, l."clusterId", v."notBefore", v."notAfter", v."reportedExpired" OR v."lastSeenAt" > v."notAfter", v.weak, v."isCA",
       NOT v."isCA" AND v."notBefore" IS NOT NULL AND v."notAfter" - v."notBefore" > interval '90 days'
  FROM "certificate_lineage" l JOIN "certificate_version" v ON v.id = l."currentVersionId";
