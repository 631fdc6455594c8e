import "server-only";
import type { IngestContext } from "@/lib/ingest/types";
import { issuerKeyOf, serialKey } from "../identity";
import type { CertObservation } from "../observation";

/** Where a certificate was seen: kept per X.509 certificate and per inventory version. */
export interface Sighting {
  cluster: string;
  source: string;
  where: string;
}

export interface CertificateSighting {
  o: CertObservation;
  clusterId: string;
  clusterName: string;
  seenAt: Date;
}

export const minDate = (a: Date, b: Date) => (a < b ? a : b);
export const maxDate = (a: Date, b: Date) => (a > b ? a : b);

/**
 * Stores the parsed X.509 certificates of a chunk (once per SHA-256 fingerprint, with every place it was
 * seen) and returns their ids. For trust anchors this row is all Posture keeps: `anchorsAccepted` counts
 * the anchors new to their cluster; the others were already known there (duplicates).
 */
export async function upsertCertificates(
  ctx: IngestContext,
  sightings: CertificateSighting[],
): Promise<{ ids: Map<string, string>; anchorsAccepted: number }> {
  const byFp = new Map<
    string,
    Record<string, unknown> & { seenIn: Sighting[]; firstSeenAt: Date; lastSeenAt: Date }
  >();
  for (const p of sightings) {
    const c = p.o.x509;
    if (!c) continue;
    const place = { cluster: p.clusterName, source: p.o.source, where: p.o.where };
    const had = byFp.get(c.fingerprintSha256);
    if (had) {
      if (!had.seenIn.some((x) => x.cluster === place.cluster && x.where === place.where))
        had.seenIn.push(place);
      had.firstSeenAt = minDate(had.firstSeenAt, p.seenAt);
      had.lastSeenAt = maxDate(had.lastSeenAt, p.seenAt);
      continue;
    }
    byFp.set(c.fingerprintSha256, {
      ...c,
      der: Buffer.from(p.o.x509Der ?? []).toString("base64"),
      clusterId: p.clusterId,
      namespace: p.o.namespace,
      seenIn: [place],
      firstSeenAt: p.seenAt,
      lastSeenAt: p.seenAt,
    });
  }
  if (!byFp.size) return { ids: new Map(), anchorsAccepted: 0 };
  const fps = [...byFp.keys()];
  // The clusters each anchor was already seen in, before this chunk.
  const before = await ctx.sql.query<{ fp: string; clusters: string[] }>(
    `SELECT "fingerprintSha256" AS fp, ARRAY(SELECT DISTINCT e->>'cluster' FROM jsonb_array_elements("seenIn") e) AS clusters
       FROM certificate WHERE "fingerprintSha256" = ANY($1::text[]) AND "trustAnchor"`,
    [fps],
  );
  const known = new Set(before.flatMap((r) => r.clusters.map((c) => `${r.fp}|${c}`)));
  let anchorsAccepted = 0;
  for (const p of sightings) {
    if (!p.o.x509?.trustAnchor) continue;
    const k = `${p.o.x509.fingerprintSha256}|${p.clusterName}`;
    if (known.has(k)) continue;
    known.add(k);
    anchorsAccepted++;
  }
  const rows = await ctx.sql.query<{ id: string; fingerprintSha256: string }>(
    `INSERT INTO certificate ("fingerprintSha256", serial, subject, issuer, "commonName", sans, "spiffeId", "notBefore", "notAfter",
        "keyAlgorithm", "keySize", "keyCurve", "signatureAlgorithm", "isCA", "selfSigned", "trustAnchor", der, "clusterId", namespace,
        "seenIn", "firstSeenAt", "lastSeenAt", "batchId", demo)
     SELECT x."fingerprintSha256", x.serial, x.subject, x.issuer, x."commonName", ARRAY(SELECT jsonb_array_elements_text(x.sans)),
            x."spiffeId", x."notBefore", x."notAfter", x."keyAlgorithm", x."keySize", x."keyCurve", x."signatureAlgorithm", x."isCA",
            x."selfSigned", x."trustAnchor", decode(x.der, 'base64'), x."clusterId", x.namespace, x."seenIn", x."firstSeenAt",
            x."lastSeenAt", $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS x("fingerprintSha256" text, serial text, subject text, issuer text, "commonName" text,
            sans jsonb, "spiffeId" text, "notBefore" timestamptz, "notAfter" timestamptz, "keyAlgorithm" text, "keySize" int,
            "keyCurve" text, "signatureAlgorithm" text, "isCA" boolean, "selfSigned" boolean, "trustAnchor" boolean, der text,
            "clusterId" uuid, namespace text, "seenIn" jsonb, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz)
     ON CONFLICT ("fingerprintSha256") DO UPDATE SET
       "lastSeenAt" = GREATEST(certificate."lastSeenAt", EXCLUDED."lastSeenAt"),
       "firstSeenAt" = LEAST(certificate."firstSeenAt", EXCLUDED."firstSeenAt"),
       "seenIn" = certificate."seenIn" || COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(EXCLUDED."seenIn") e
                                                     WHERE NOT certificate."seenIn" @> jsonb_build_array(e)), '[]'::jsonb)
     RETURNING id, "fingerprintSha256"`,
    [JSON.stringify([...byFp.values()]), ctx.batchId, ctx.demo],
  );
  return { ids: new Map(rows.map((r) => [r.fingerprintSha256, r.id])), anchorsAccepted };
}

/**
 * Sightings without certificate bytes (x509-certificate-exporter series, blackbox probes) of a certificate
 * already known as a trust anchor — same fingerprint, else same issuer and serial — are sightings of that
 * anchor: they add their place to it instead of starting an inventory entry (the exporter alone cannot
 * show a self-signature, docs/certificates.md#trust-anchors). Returns which sightings those were and how
 * many were new to their cluster.
 */
export async function knownAnchorSightings(
  ctx: IngestContext,
  sightings: CertificateSighting[],
): Promise<{ anchors: Set<CertificateSighting>; accepted: number }> {
  const bare = sightings.filter((p) => !p.o.x509 && (p.o.fingerprintSha256 || p.o.serial));
  if (!bare.length) return { anchors: new Set(), accepted: 0 };
  const found = await ctx.sql.query<{
    id: string;
    fp: string;
    serial: string;
    issuer: string;
    clusters: string[];
  }>(
    `SELECT id, "fingerprintSha256" AS fp, ltrim(upper(serial), '0') AS serial, issuer,
            ARRAY(SELECT DISTINCT e->>'cluster' FROM jsonb_array_elements("seenIn") e) AS clusters
       FROM certificate
      WHERE "trustAnchor" AND ("fingerprintSha256" = ANY($1::text[]) OR ltrim(upper(serial), '0') = ANY($2::text[]))`,
    [
      bare.flatMap((p) => (p.o.fingerprintSha256 ? [p.o.fingerprintSha256] : [])),
      bare.flatMap((p) => (p.o.serial ? [serialKey(p.o.serial)] : [])),
    ],
  );
  if (!found.length) return { anchors: new Set(), accepted: 0 };
  const anchors = new Set<CertificateSighting>();
  const updates: { id: string; place: Sighting; seenAt: Date }[] = [];
  let accepted = 0;
  for (const p of bare) {
    const a = found.find((f) =>
      p.o.fingerprintSha256
        ? f.fp === p.o.fingerprintSha256
        : !!p.o.serial &&
          f.serial === serialKey(p.o.serial) &&
          issuerKeyOf(f.issuer) === issuerKeyOf(p.o.issuer),
    );
    if (!a) continue;
    anchors.add(p);
    updates.push({
      id: a.id,
      place: { cluster: p.clusterName, source: p.o.source, where: p.o.where },
      seenAt: p.seenAt,
    });
    if (!a.clusters.includes(p.clusterName)) {
      a.clusters.push(p.clusterName);
      accepted++;
    }
  }
  for (const u of updates) {
    await ctx.sql.query(
      `UPDATE certificate SET "lastSeenAt" = GREATEST("lastSeenAt", $3),
              "seenIn" = CASE WHEN "seenIn" @> jsonb_build_array($2::jsonb) THEN "seenIn" ELSE "seenIn" || jsonb_build_array($2::jsonb) END
        WHERE id = $1`,
      [u.id, JSON.stringify(u.place), u.seenAt],
    );
  }
  return { anchors, accepted };
}
