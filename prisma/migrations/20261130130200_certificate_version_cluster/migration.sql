-- Rotation on schedule for one cluster joined every version due in the window to its lineage to learn the
-- cluster (18,000 versions and 4,000 lineages for a 30-day window at 100 k certificates). A version now
-- carries its lineage's cluster, copied by a trigger whenever a version is written or moved to another lineage
-- (lineages never change cluster: lib/certificates/identity.ts merges only within one), so the one-cluster count
-- is an index-only range scan of that cluster's versions.
ALTER TABLE "certificate_version" ADD COLUMN "lineageClusterId" UUID;
UPDATE "certificate_version" v SET "lineageClusterId" = l."clusterId" FROM "certificate_lineage" l WHERE l.id = v."lineageId";

CREATE FUNCTION "certificate_version_cluster"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."lineageClusterId" := (SELECT "clusterId" FROM certificate_lineage WHERE id = NEW."lineageId");
  RETURN NEW;
END $$;
CREATE TRIGGER "certificate_version_cluster" BEFORE INSERT OR UPDATE OF "lineageId" ON "certificate_version"
  FOR EACH ROW EXECUTE FUNCTION "certificate_version_cluster"();

CREATE INDEX "certificate_version_cluster_rotation_idx" ON "certificate_version" ("lineageClusterId", "deadline")
  INCLUDE ("rotationLimit", "notAfter", "successorNotBefore");
