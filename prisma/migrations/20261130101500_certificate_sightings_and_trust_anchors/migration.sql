-- One certificate, one inventory entry (docs/certificates.md): versions keep every place and source they were
-- seen in (seenIn) and every version key merged into them (versionKeys), plus the issuer key that pairs a
-- serial number seen by an exporter with the same certificate seen elsewhere. A lineage merged into another
-- leaves its key behind as an alias, so later sightings under the old identity find the survivor.
ALTER TABLE "certificate_version" ADD COLUMN "seenIn" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "certificate_version" ADD COLUMN "versionKeys" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "certificate_version" ADD COLUMN "issuerKey" TEXT;
UPDATE "certificate_version" v SET
  "seenIn" = jsonb_build_array(jsonb_build_object('cluster', c.name, 'source', v.source, 'where', v."where")),
  "versionKeys" = ARRAY[v."versionKey"],
  "issuerKey" = 'cn:' || lower(substring(v.issuer FROM '(?:^|,\s*)CN=([^,]*)'))
  FROM "certificate_lineage" l LEFT JOIN "cluster" c ON c.id = l."clusterId"
 WHERE l.id = v."lineageId";
CREATE INDEX "certificate_version_fingerprintSha256_idx" ON "certificate_version"("fingerprintSha256");
CREATE INDEX "certificate_version_issuerKey_idx" ON "certificate_version"("issuerKey");
CREATE INDEX "certificate_version_versionKeys_idx" ON "certificate_version" USING GIN ("versionKeys");

CREATE TABLE "certificate_lineage_alias" (
  "key" TEXT NOT NULL PRIMARY KEY,
  "lineageId" UUID NOT NULL REFERENCES "certificate_lineage"("id") ON DELETE CASCADE
);
CREATE INDEX "certificate_lineage_alias_lineageId_idx" ON "certificate_lineage_alias"("lineageId");

-- Trust anchors (self-signed CAs) are kept in `certificate` only, with where they were seen, and leave the
-- working inventory. Rows stored before this change are classified by the rule they were stored under
-- (CA, subject = issuer, no host or service in the SANs); new uploads also verify the self-signature.
ALTER TABLE "certificate" ADD COLUMN "trustAnchor" BOOLEAN NOT NULL DEFAULT false;
UPDATE "certificate" SET "trustAnchor" = true
 WHERE "isCA" AND "selfSigned" AND NOT EXISTS (SELECT 1 FROM unnest(sans) s WHERE s ~ '^(DNS|IP|URI):');
CREATE INDEX "certificate_trustAnchor_notAfter_idx" ON "certificate"("notAfter") WHERE "trustAnchor";
DELETE FROM "certificate_version" v USING "certificate" c WHERE c.id = v."certificateId" AND c."trustAnchor";
DELETE FROM "certificate_lineage" l WHERE NOT EXISTS (SELECT 1 FROM "certificate_version" v WHERE v."lineageId" = l.id);
