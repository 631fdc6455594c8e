import "server-only";
import type { Sql } from "@/lib/db/sql";

// One certificate, one inventory entry (docs/certificates.md#one-certificate-one-entry). A certificate
// seen through several sources (a PEM upload, x509-certificate-exporter series, a blackbox probe, a TLS
// scan, a cert-manager Certificate) arrives as versions of several lineages; after each batch this merges
// the versions that are the same certificate, within one cluster, into one:
//
// - same SHA-256 fingerprint, when both know it;
// - otherwise the same issuer (identity.ts#issuerKeyOf) and serial number;
// - a cert-manager revision (which carries neither) and another sighting with the same notAfter (and the
//   same notBefore when both know it) that names the same host — a shared SAN or the Certificate's
//   commonName as subject CN — or, for the x509-certificate-exporter, reads the Certificate's Secret.
//
// Versions in two lineages make the lineages one: the cert-manager lineage wins (its identity is what
// gets rotated), else the older one. The loser's versions move over, its key stays behind as an alias
// (certificate_lineage_alias) so later sightings under that identity join the survivor, and the loser is
// deleted (its hygiene row and counts go with it; its open findings resolve on the next detection run).
// Two cert-manager Certificates are never merged with each other.

interface Pair {
  a: string;
  b: string;
  aLineage: string;
  bLineage: string;
  aKind: string;
  bKind: string;
  aFirst: Date;
  bFirst: Date;
  aX509: boolean;
  bX509: boolean;
  aSource: string;
  bSource: string;
}

const CN = (col: string) => `lower(substring(${col} FROM '(?:^|,\\s*)CN=([^,]*)'))`;

/** Pairs of versions (touched lineages against their whole cluster) that are one certificate. */
async function findPairs(sql: Sql, lineageIds: string[]): Promise<Pair[]> {
  return sql.query<Pair>(
    `WITH t AS (
       SELECT v.*, l."clusterId", l.kind AS lkind, l."firstSeenAt" AS lfirst, l.namespace AS lns, l.name AS lname
         FROM certificate_version v JOIN certificate_lineage l ON l.id = v."lineageId" WHERE l.id = ANY($1::uuid[])),
     -- Inlined at each use, so every join below reaches certificate_version through its index
     -- (fingerprint, issuer key, notAfter) instead of materialising every version of every cluster.
     o AS NOT MATERIALIZED (
       SELECT v.*, l."clusterId", l.kind AS lkind, l."firstSeenAt" AS lfirst, l.namespace AS lns, l.name AS lname
         FROM certificate_version v JOIN certificate_lineage l ON l.id = v."lineageId"),
     pairs AS (
       SELECT t.id AS a, o.id AS b FROM t JOIN o ON o."fingerprintSha256" = t."fingerprintSha256"
        WHERE o."clusterId" = t."clusterId" AND o.id <> t.id
       UNION
       SELECT t.id, o.id FROM t JOIN o ON o."issuerKey" = t."issuerKey"
        WHERE o."clusterId" = t."clusterId" AND o.id <> t.id
          AND (o."fingerprintSha256" IS NULL OR t."fingerprintSha256" IS NULL)
          AND ltrim(upper(o.serial), '0') = ltrim(upper(t.serial), '0')
       UNION
       SELECT t.id, o.id FROM t JOIN o ON o."notAfter" = t."notAfter"
        WHERE o."clusterId" = t."clusterId" AND o.id <> t.id
          AND (t.source = 'cert-manager') <> (o.source = 'cert-manager')
          AND (t."notBefore" IS NULL OR o."notBefore" IS NULL OR t."notBefore" = o."notBefore")
          AND (t.sans && o.sans
               OR (t.source = 'cert-manager' AND ${CN("t.subject")} = ${CN("o.subject")})
               OR (o.source = 'cert-manager' AND ${CN("o.subject")} = ${CN("t.subject")})
               OR (t.source = 'cert-manager' AND o.source = 'x509-exporter' AND o.lns = t.lns AND o.lname = t."certManager"->>'secretName')
               OR (o.source = 'cert-manager' AND t.source = 'x509-exporter' AND t.lns = o.lns AND t.lname = o."certManager"->>'secretName')))
     SELECT p.a, p.b, x."lineageId" AS "aLineage", y."lineageId" AS "bLineage", x.lkind AS "aKind", y.lkind AS "bKind",
            x.lfirst AS "aFirst", y.lfirst AS "bFirst", x."certificateId" IS NOT NULL AS "aX509", y."certificateId" IS NOT NULL AS "bX509",
            x.source AS "aSource", y.source AS "bSource"
       FROM pairs p JOIN o x ON x.id = p.a JOIN o y ON y.id = p.b
      ORDER BY p.a, p.b`,
    [lineageIds],
  );
}

/** Folds version `from` into `into` (same certificate): facts the survivor lacks, every sighting, every key. */
async function mergeVersion(sql: Sql, into: string, from: string): Promise<void> {
  // Facts of the parsed X.509 certificate beat what a source declares (cert-manager's spec key).
  const fact = (col: string) =>
    `CASE WHEN b."certificateId" IS NOT NULL AND a."certificateId" IS NULL THEN COALESCE(b.${col}, a.${col}) ELSE COALESCE(a.${col}, b.${col}) END`;
  await sql.query(
    `UPDATE certificate_version a SET
       "certificateId" = COALESCE(a."certificateId", b."certificateId"),
       "fingerprintSha256" = COALESCE(a."fingerprintSha256", b."fingerprintSha256"),
       serial = COALESCE(a.serial, b.serial), "issuerKey" = COALESCE(a."issuerKey", b."issuerKey"),
       "notBefore" = COALESCE(a."notBefore", b."notBefore"), "renewalTime" = COALESCE(a."renewalTime", b."renewalTime"),
       sans = CASE WHEN cardinality(a.sans) = 0 THEN b.sans ELSE a.sans END,
       "spiffeId" = COALESCE(a."spiffeId", b."spiffeId"),
       "keyAlgorithm" = ${fact(`"keyAlgorithm"`)}, "keySize" = ${fact(`"keySize"`)},
       "signatureAlgorithm" = COALESCE(a."signatureAlgorithm", b."signatureAlgorithm"),
       "isCA" = a."isCA" OR b."isCA", weak = a.weak OR b.weak, "reportedExpired" = a."reportedExpired" OR b."reportedExpired",
       "seenIn" = a."seenIn" || COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(b."seenIn") e
                                          WHERE NOT a."seenIn" @> jsonb_build_array(e)), '[]'::jsonb),
       "versionKeys" = ARRAY(SELECT DISTINCT k FROM unnest(a."versionKeys" || b."versionKeys" || b."versionKey") k),
       "firstSeenAt" = LEAST(a."firstSeenAt", b."firstSeenAt"), "lastSeenAt" = GREATEST(a."lastSeenAt", b."lastSeenAt")
      FROM certificate_version b WHERE a.id = $1 AND b.id = $2`,
    [into, from],
  );
  await sql.query(`DELETE FROM certificate_version WHERE id = $1`, [from]);
}

/** Moves every version of lineage `from` into `into`, leaves `from`'s key as an alias and deletes it. */
async function mergeLineage(sql: Sql, into: string, from: string): Promise<void> {
  // A version key both hold is one certificate seen twice the same way: fold it, move the rest.
  const clashes = await sql.query<{ a: string; b: string }>(
    `SELECT a.id AS a, b.id AS b FROM certificate_version a JOIN certificate_version b ON b."versionKey" = a."versionKey"
      WHERE a."lineageId" = $1 AND b."lineageId" = $2`,
    [into, from],
  );
  for (const c of clashes) await mergeVersion(sql, c.a, c.b);
  await sql.query(`UPDATE certificate_version SET "lineageId" = $1 WHERE "lineageId" = $2`, [into, from]);
  await sql.query(`UPDATE certificate_lineage_alias SET "lineageId" = $1 WHERE "lineageId" = $2`, [
    into,
    from,
  ]);
  await sql.query(
    `INSERT INTO certificate_lineage_alias (key, "lineageId") SELECT key, $1 FROM certificate_lineage WHERE id = $2
     ON CONFLICT (key) DO UPDATE SET "lineageId" = EXCLUDED."lineageId"`,
    [into, from],
  );
  await sql.query(
    `UPDATE certificate_lineage w SET "firstSeenAt" = LEAST(w."firstSeenAt", l."firstSeenAt"),
            "lastSeenAt" = GREATEST(w."lastSeenAt", l."lastSeenAt"),
            namespace = COALESCE(w.namespace, l.namespace), name = COALESCE(w.name, l.name)
       FROM certificate_lineage l WHERE w.id = $1 AND l.id = $2`,
    [into, from],
  );
  await sql.query(`DELETE FROM certificate_lineage WHERE id = $1`, [from]);
}

/** A cert-manager lineage kind, or a version's source. */
const isCm = (kindOrSource: string) => kindOrSource === "cert-manager";

/**
 * Merges the sightings of one certificate among the given lineages and their clusters. Returns the
 * lineages left to recompute (the given ones and those merged into, without the deleted ones).
 */
export async function mergeSameCertificates(sql: Sql, lineageIds: string[]): Promise<string[]> {
  const live = new Set(lineageIds);
  for (let round = 0; round < 20 && live.size; round++) {
    const pairs = await findPairs(sql, [...live]);
    if (!pairs.length) break;
    const gone = new Set<string>();
    let merged = 0;
    for (const p of pairs) {
      if (gone.has(p.a) || gone.has(p.b)) continue;
      if (gone.has(p.aLineage) || gone.has(p.bLineage)) continue; // stale after a lineage merge: next round
      if (p.aLineage !== p.bLineage) {
        if (isCm(p.aKind) && isCm(p.bKind)) continue;
        const aWins =
          isCm(p.aKind) ||
          (!isCm(p.bKind) &&
            (p.aFirst < p.bFirst || (p.aFirst.getTime() === p.bFirst.getTime() && p.aLineage < p.bLineage)));
        const [into, from] = aWins ? [p.aLineage, p.bLineage] : [p.bLineage, p.aLineage];
        await mergeLineage(sql, into, from);
        gone.add(from);
        live.delete(from);
        live.add(into);
        merged++;
        continue; // the two versions now share a lineage; the next round folds them
      }
      // Same lineage: the cert-manager revision survives, else the parsed X.509, else the older row.
      const aSurvives = isCm(p.aSource) || (!isCm(p.bSource) && (p.aX509 || !p.bX509));
      const [into, from] = aSurvives ? [p.a, p.b] : [p.b, p.a];
      await mergeVersion(sql, into, from);
      gone.add(from);
      merged++;
    }
    if (!merged) break;
  }
  return [...live];
}
