-- Rotation on schedule counted the versions due in the window one by one: about 18,000 for a 30-day window at
-- 100 k certificates, the one KPI part left that grew with the inventory. A version's outcome is settled once it
-- has a successor: on time (successor by the grace limit), late (by notAfter) or missed (after it) — the moment
-- of the question only decides whether the version is due (its limit has passed) and whether that successor has
-- started yet. certificate_rotation_daily counts those settled outcomes per UTC day of the deadline and cluster,
-- kept by statement triggers on certificate_version (inserts, updates, deletes — cascades included — and
-- truncation), so every writer keeps it without knowing of it. lib/certificates/kpi.ts#rotationKpi reads it for
-- the whole days of a window that are certainly due, and counts the rest from the versions: the window's ragged
-- days, versions without a successor yet, and the rare successor that starts after the moment asked about.
-- The no-cluster lineages are counted under the nil UUID (a key column cannot be null).
CREATE TABLE "certificate_rotation_daily" (
  "day" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL,
  "onTime" BIGINT NOT NULL DEFAULT 0,
  "late" BIGINT NOT NULL DEFAULT 0,
  "missed" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "certificate_rotation_daily_pkey" PRIMARY KEY ("day", "clusterId")
);

-- One function per transition-table shape; each adds the rows of `changed` and subtracts those of `gone`.

CREATE FUNCTION "certificate_rotation_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_rotation_daily AS r ("day", "clusterId", "onTime", late, missed)
  SELECT date_trunc('day', deadline, 'UTC'), coalesce("lineageClusterId", '00000000-0000-0000-0000-000000000000'::uuid),
         count(*) FILTER (WHERE "successorNotBefore" <= "rotationLimit"),
         count(*) FILTER (WHERE "successorNotBefore" > "rotationLimit" AND "successorNotBefore" <= "notAfter"),
         count(*) FILTER (WHERE "successorNotBefore" > "notAfter")
    FROM changed WHERE deadline IS NOT NULL AND "rotationLimit" IS NOT NULL AND "successorNotBefore" IS NOT NULL
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("day", "clusterId") DO UPDATE SET "onTime" = r."onTime" + EXCLUDED."onTime", late = r.late + EXCLUDED.late,
    missed = r.missed + EXCLUDED.missed;
  RETURN NULL;
END $$;

CREATE FUNCTION "certificate_rotation_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_rotation_daily AS r ("day", "clusterId", "onTime", late, missed)
  SELECT date_trunc('day', deadline, 'UTC'), coalesce("lineageClusterId", '00000000-0000-0000-0000-000000000000'::uuid),
         -count(*) FILTER (WHERE "successorNotBefore" <= "rotationLimit"),
         -count(*) FILTER (WHERE "successorNotBefore" > "rotationLimit" AND "successorNotBefore" <= "notAfter"),
         -count(*) FILTER (WHERE "successorNotBefore" > "notAfter")
    FROM gone WHERE deadline IS NOT NULL AND "rotationLimit" IS NOT NULL AND "successorNotBefore" IS NOT NULL
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("day", "clusterId") DO UPDATE SET "onTime" = r."onTime" + EXCLUDED."onTime", late = r.late + EXCLUDED.late,
    missed = r.missed + EXCLUDED.missed;
  RETURN NULL;
END $$;

CREATE FUNCTION "certificate_rotation_replaced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_rotation_daily AS r ("day", "clusterId", "onTime", late, missed)
  SELECT date_trunc('day', deadline, 'UTC'), coalesce("lineageClusterId", '00000000-0000-0000-0000-000000000000'::uuid),
         coalesce(sum(sign) FILTER (WHERE "successorNotBefore" <= "rotationLimit"), 0),
         coalesce(sum(sign) FILTER (WHERE "successorNotBefore" > "rotationLimit" AND "successorNotBefore" <= "notAfter"), 0),
         coalesce(sum(sign) FILTER (WHERE "successorNotBefore" > "notAfter"), 0)
    FROM (SELECT 1 AS sign, deadline, "lineageClusterId", "rotationLimit", "notAfter", "successorNotBefore" FROM changed
          UNION ALL
          SELECT -1, deadline, "lineageClusterId", "rotationLimit", "notAfter", "successorNotBefore" FROM gone) x
   WHERE deadline IS NOT NULL AND "rotationLimit" IS NOT NULL AND "successorNotBefore" IS NOT NULL
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("day", "clusterId") DO UPDATE SET "onTime" = r."onTime" + EXCLUDED."onTime", late = r.late + EXCLUDED.late,
    missed = r.missed + EXCLUDED.missed;
  RETURN NULL;
END $$;

CREATE FUNCTION "certificate_rotation_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM certificate_rotation_daily;
  RETURN NULL;
END $$;

CREATE TRIGGER "certificate_rotation_insert" AFTER INSERT ON "certificate_version"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "certificate_rotation_added"();
CREATE TRIGGER "certificate_rotation_update" AFTER UPDATE ON "certificate_version"
  REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "certificate_rotation_replaced"();
CREATE TRIGGER "certificate_rotation_delete" AFTER DELETE ON "certificate_version"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "certificate_rotation_removed"();
CREATE TRIGGER "certificate_rotation_truncate" AFTER TRUNCATE ON "certificate_version"
  FOR EACH STATEMENT EXECUTE FUNCTION "certificate_rotation_truncated"();

INSERT INTO "certificate_rotation_daily" ("day", "clusterId", "onTime", late, missed)
SELECT date_trunc('day', deadline, 'UTC'), coalesce("lineageClusterId", '00000000-0000-0000-0000-000000000000'::uuid),
       count(*) FILTER (WHERE "successorNotBefore" <= "rotationLimit"),
       count(*) FILTER (WHERE "successorNotBefore" > "rotationLimit" AND "successorNotBefore" <= "notAfter"),
       count(*) FILTER (WHERE "successorNotBefore" > "notAfter")
  FROM "certificate_version" WHERE deadline IS NOT NULL AND "rotationLimit" IS NOT NULL AND "successorNotBefore" IS NOT NULL
 GROUP BY 1, 2;

-- The versions the daily counts leave to the reader: those without a successor yet (few: the ones still waiting
-- for rotation), and successors that start in the future of some question (rare).
CREATE INDEX "certificate_version_unrotated_idx" ON "certificate_version" ("deadline")
  INCLUDE ("rotationLimit", "notAfter", "lineageClusterId") WHERE "successorNotBefore" IS NULL;
CREATE INDEX "certificate_version_successor_idx" ON "certificate_version" ("successorNotBefore")
  INCLUDE ("deadline", "rotationLimit", "notAfter", "lineageClusterId");
