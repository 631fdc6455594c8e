import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import type { IngestContext, RecordRef, Rejection, StoreResult } from "@/lib/ingest/types";
import { DEFAULT_MAX_LIFETIME_DAYS, isWeak } from "../hygiene";
import { issuerKeyOf } from "../identity";
import type { CertObservation } from "../observation";
import { deadlineOf, graceMsOf, withSuccessors } from "../rotation";
import { knownAnchorSightings, maxDate, minDate, type Sighting, upsertCertificates } from "./certificates";

const STORE_LOCK = 72707380;

/** Lineages a batch touched, so finish() recomputes only those. Keyed by the batch's context. */
const touched = new WeakMap<IngestContext, Set<string>>();

export function touchedLineages(ctx: IngestContext): string[] {
  return [...(touched.get(ctx) ?? [])];
}

export function lineageKey(clusterId: string | null, kind: string, identity: string): string {
  return createHash("sha256")
    .update(`${clusterId ?? "-"}|${kind}|${identity}`)
    .digest("hex");
}

function labelOf(o: CertObservation): string {
  if (o.lineageKind === "cert-manager" || o.lineageKind === "spiffe") return o.lineageIdentity;
  const cn = /(?:^|, )CN=([^,]*)/.exec(o.subject)?.[1];
  if (cn) return cn;
  if (o.sans[0]) return o.sans[0].replace(/^\w+:/, "");
  if (o.name) return o.namespace ? `${o.namespace}/${o.name}` : o.name;
  return o.subject || `${o.issuer} #${o.serial ?? "?"}`;
}

const samePlace = (a: Sighting, b: Sighting) =>
  a.cluster === b.cluster && a.source === b.source && a.where === b.where;

interface Prepared {
  o: CertObservation;
  clusterId: string;
  clusterName: string;
  seenAt: Date;
  key: string;
}

/**
 * Stores a chunk of observations in the batch transaction, one set-based statement per table: the
 * lineages (found or created), the X.509 certificates (once per fingerprint) and the versions (once per
 * lineage and version key). A version already known (same fingerprint, same cert-manager revision),
 * in the database or earlier in the chunk, counts as a duplicate; it only moves lastSeenAt forward and,
 * for a newer cert-manager snapshot, refreshes the Ready/Issuing state.
 */
export async function storeObservations(
  ctx: IngestContext,
  items: { record: CertObservation; ref: RecordRef }[],
): Promise<StoreResult> {
  const rejected: Rejection[] = [];
  let set = touched.get(ctx);
  if (!set) {
    // One certificate batch at a time (ARCHITECTURE.md, lock order): two batches seeing the same
    // certificate through different sources would otherwise each miss the other's uncommitted sighting,
    // or lock the same versions in opposite orders while merging them.
    await ctx.sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)`, [STORE_LOCK]);
    set = new Set<string>();
    touched.set(ctx, set);
  }
  const prepared: Prepared[] = [];
  for (const { record: o, ref } of items) {
    let cluster: Awaited<ReturnType<IngestContext["clusterOf"]>>;
    try {
      cluster = await ctx.clusterOf(o.cluster);
    } catch (e) {
      rejected.push({ ...ref, reason: (e as Error).message });
      continue;
    }
    if (!cluster) {
      rejected.push(ctx.noCluster(ref));
      continue;
    }
    prepared.push({
      o,
      clusterId: cluster.id,
      clusterName: cluster.name,
      seenAt: o.observedAt ?? ctx.receivedAt,
      key: lineageKey(cluster.id, o.lineageKind, o.lineageIdentity),
    });
  }
  if (!prepared.length) return { accepted: 0, duplicates: 0, rejected };
  // Trust anchors are kept as certificates with where they were seen, outside the working inventory.
  const { ids: certificateIds, anchorsAccepted } = await upsertCertificates(ctx, prepared);
  const known = await knownAnchorSightings(ctx, prepared);
  const working = prepared.filter((p) => !p.o.x509?.trustAnchor && !known.anchors.has(p));
  let accepted = anchorsAccepted + known.accepted;
  if (working.length) {
    const lineageIds = await upsertLineages(ctx, working);
    for (const id of lineageIds.values()) set.add(id);
    accepted += await upsertVersions(ctx, working, lineageIds, certificateIds);
  }
  return { accepted, duplicates: prepared.length - accepted, rejected };
}

async function upsertLineages(ctx: IngestContext, prepared: Prepared[]): Promise<Map<string, string>> {
  const byKey = new Map<string, Record<string, unknown> & { firstSeenAt: Date; lastSeenAt: Date }>();
  for (const p of prepared) {
    const had = byKey.get(p.key);
    if (had) {
      had.firstSeenAt = minDate(had.firstSeenAt, p.seenAt);
      had.lastSeenAt = maxDate(had.lastSeenAt, p.seenAt);
      continue;
    }
    byKey.set(p.key, {
      key: p.key,
      kind: p.o.lineageKind,
      identity: p.o.lineageIdentity,
      label: labelOf(p.o),
      clusterId: p.clusterId,
      namespace: p.o.namespace,
      name: p.o.name,
      firstSeenAt: p.seenAt,
      lastSeenAt: p.seenAt,
    });
  }
  // A key merged into another lineage (lib/certificates/merge.ts) leads to that lineage.
  const aliases = await ctx.sql.query<{ key: string; lineageId: string }>(
    `SELECT key, "lineageId" FROM certificate_lineage_alias WHERE key = ANY($1::text[])`,
    [[...byKey.keys()]],
  );
  const out = new Map(aliases.map((a) => [a.key, a.lineageId]));
  if (aliases.length) {
    const seen = aliases.map((a) => byKey.get(a.key) as { firstSeenAt: Date; lastSeenAt: Date });
    await ctx.sql.query(
      `UPDATE certificate_lineage l SET "firstSeenAt" = LEAST(l."firstSeenAt", u.f), "lastSeenAt" = GREATEST(l."lastSeenAt", u.t)
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS u(id, f, t) WHERE l.id = u.id`,
      [aliases.map((a) => a.lineageId), seen.map((x) => x.firstSeenAt), seen.map((x) => x.lastSeenAt)],
    );
    for (const a of aliases) byKey.delete(a.key);
  }
  if (!byKey.size) return out;
  const rows = await ctx.sql.query<{ id: string; key: string }>(
    `INSERT INTO certificate_lineage (key, kind, identity, label, "clusterId", namespace, name, "firstSeenAt", "lastSeenAt", "batchId", demo)
     SELECT x.key, x.kind, x.identity, x.label, x."clusterId", x.namespace, x.name, x."firstSeenAt", x."lastSeenAt", $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, kind text, identity text, label text, "clusterId" uuid, namespace text,
            name text, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       "firstSeenAt" = LEAST(certificate_lineage."firstSeenAt", EXCLUDED."firstSeenAt"),
       "lastSeenAt" = GREATEST(certificate_lineage."lastSeenAt", EXCLUDED."lastSeenAt"),
       namespace = COALESCE(certificate_lineage.namespace, EXCLUDED.namespace),
       name = COALESCE(certificate_lineage.name, EXCLUDED.name)
     RETURNING id, key`,
    [JSON.stringify([...byKey.values()]), ctx.batchId, ctx.demo],
  );
  for (const r of rows) out.set(r.key, r.id);
  return out;
}

async function upsertVersions(
  ctx: IngestContext,
  prepared: Prepared[],
  lineageIds: Map<string, string>,
  certificateIds: Map<string, string>,
): Promise<number> {
  // A version key merged into another version (merge.ts) is a sighting of that version.
  const merged = await ctx.sql.query<{ lineageId: string; key: string; versionKey: string }>(
    `SELECT v."lineageId", k AS key, v."versionKey" FROM certificate_version v, unnest(v."versionKeys") k
      WHERE v."versionKeys" && $2::text[] AND v."lineageId" = ANY($1::uuid[]) AND k = ANY($2::text[]) AND k <> v."versionKey"`,
    [[...new Set(lineageIds.values())], [...new Set(prepared.map((p) => p.o.versionKey))]],
  );
  const renamed = new Map(merged.map((m) => [`${m.lineageId}|${m.key}`, m.versionKey]));
  // One row per lineage and version key; the latest sighting in the chunk carries the state.
  const byVersion = new Map<
    string,
    { p: Prepared; versionKey: string; firstSeenAt: Date; lastSeenAt: Date; seenIn: Sighting[] }
  >();
  for (const p of prepared) {
    const lineageId = lineageIds.get(p.key);
    const versionKey = renamed.get(`${lineageId}|${p.o.versionKey}`) ?? p.o.versionKey;
    const k = `${lineageId}|${versionKey}`;
    const place = { cluster: p.clusterName, source: p.o.source, where: p.o.where };
    const had = byVersion.get(k);
    if (!had)
      byVersion.set(k, { p, versionKey, firstSeenAt: p.seenAt, lastSeenAt: p.seenAt, seenIn: [place] });
    else {
      if (p.seenAt > had.lastSeenAt) had.p = p;
      had.firstSeenAt = minDate(had.firstSeenAt, p.seenAt);
      had.lastSeenAt = maxDate(had.lastSeenAt, p.seenAt);
      if (!had.seenIn.some((x) => samePlace(x, place))) had.seenIn.push(place);
    }
  }
  const rows = [...byVersion.values()].map(({ p, versionKey, firstSeenAt, lastSeenAt, seenIn }) => {
    const o = p.o;
    const times = o.notBefore
      ? {
          notBefore: o.notBefore,
          notAfter: o.notAfter,
          renewalTime: o.renewalTime,
          renewBeforeSeconds: o.renewBeforeSeconds,
        }
      : null;
    const cm = o.certManager;
    return {
      lineageId: lineageIds.get(p.key),
      versionKey,
      versionKeys: [o.versionKey],
      issuerKey: o.serial ? issuerKeyOf(o.issuer) : null,
      seenIn,
      source: o.source,
      revision: o.revision,
      certificateId: o.fingerprintSha256 && o.x509 ? (certificateIds.get(o.fingerprintSha256) ?? null) : null,
      fingerprintSha256: o.fingerprintSha256,
      serial: o.serial,
      subject: o.subject,
      issuer: o.issuer,
      sans: o.sans,
      spiffeId: o.spiffeId,
      notBefore: o.notBefore,
      notAfter: o.notAfter,
      renewalTime: o.renewalTime,
      renewBeforeSeconds: o.renewBeforeSeconds === null ? null : Math.round(o.renewBeforeSeconds),
      deadline: times ? deadlineOf(times) : null,
      graceSeconds: times ? Math.round(graceMsOf(times) / 1000) : null,
      keyAlgorithm: o.keyAlgorithm,
      keySize: o.keySize,
      signatureAlgorithm: o.signatureAlgorithm,
      isCA: o.isCA,
      weak: isWeak(o),
      reportedExpired: o.reportedExpired,
      ready: cm?.ready ?? null,
      readyReason: cm?.readyReason ?? null,
      readyMessage: cm?.readyMessage ?? null,
      issuing: cm?.issuing ?? false,
      failedIssuanceAttempts: cm?.failedIssuanceAttempts ?? null,
      certManager: cm,
      where: o.where,
      firstSeenAt,
      lastSeenAt,
    };
  });
  const fresh = (col: string) =>
    `CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED.${col} ELSE certificate_version.${col} END`;
  const out = await ctx.sql.query<{ created: boolean }>(
    `INSERT INTO certificate_version ("lineageId", "versionKey", source, revision, "certificateId", "fingerprintSha256", serial, subject,
        issuer, sans, "spiffeId", "notBefore", "notAfter", "renewalTime", "renewBeforeSeconds", deadline, "graceSeconds", "keyAlgorithm",
        "keySize", "signatureAlgorithm", "isCA", weak, "reportedExpired", ready, "readyReason", "readyMessage", issuing,
        "failedIssuanceAttempts", "certManager", "where", "seenIn", "versionKeys", "issuerKey", "firstSeenAt", "lastSeenAt", "batchId", demo)
     SELECT x."lineageId", x."versionKey", x.source, x.revision, x."certificateId", x."fingerprintSha256", x.serial, x.subject, x.issuer,
            ARRAY(SELECT jsonb_array_elements_text(x.sans)), x."spiffeId", x."notBefore", x."notAfter", x."renewalTime",
            x."renewBeforeSeconds", x.deadline, x."graceSeconds", x."keyAlgorithm", x."keySize", x."signatureAlgorithm", x."isCA",
            x.weak, x."reportedExpired", x.ready, x."readyReason", x."readyMessage", x.issuing, x."failedIssuanceAttempts",
            NULLIF(x."certManager", 'null'::jsonb), x."where", x."seenIn", ARRAY(SELECT jsonb_array_elements_text(x."versionKeys")),
            x."issuerKey", x."firstSeenAt", x."lastSeenAt", $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS x("lineageId" uuid, "versionKey" text, source text, revision int, "certificateId" uuid,
            "fingerprintSha256" text, serial text, subject text, issuer text, sans jsonb, "spiffeId" text, "notBefore" timestamptz,
            "notAfter" timestamptz, "renewalTime" timestamptz, "renewBeforeSeconds" int, deadline timestamptz, "graceSeconds" int,
            "keyAlgorithm" text, "keySize" int, "signatureAlgorithm" text, "isCA" boolean, weak boolean, "reportedExpired" boolean,
            ready text, "readyReason" text, "readyMessage" text, issuing boolean, "failedIssuanceAttempts" int, "certManager" jsonb,
            "where" text, "seenIn" jsonb, "versionKeys" jsonb, "issuerKey" text, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz)
     ON CONFLICT ("lineageId", "versionKey") DO UPDATE SET
       "certificateId" = COALESCE(certificate_version."certificateId", EXCLUDED."certificateId"),
       "renewalTime" = COALESCE(certificate_version."renewalTime", EXCLUDED."renewalTime"),
       "reportedExpired" = ${fresh(`"reportedExpired"`)},
       ready = ${fresh("ready")},
       "readyReason" = ${fresh(`"readyReason"`)},
       "readyMessage" = ${fresh(`"readyMessage"`)},
       issuing = ${fresh("issuing")},
       "failedIssuanceAttempts" = ${fresh(`"failedIssuanceAttempts"`)},
       "certManager" = ${fresh(`"certManager"`)},
       "seenIn" = certificate_version."seenIn" || COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(EXCLUDED."seenIn") e
                                                             WHERE NOT certificate_version."seenIn" @> jsonb_build_array(e)), '[]'::jsonb),
       "firstSeenAt" = LEAST(certificate_version."firstSeenAt", EXCLUDED."firstSeenAt"),
       "lastSeenAt" = GREATEST(certificate_version."lastSeenAt", EXCLUDED."lastSeenAt")
     RETURNING (xmax = 0) AS created`,
    [JSON.stringify(rows), ctx.batchId, ctx.demo],
  );
  return out.filter((r) => r.created).length;
}

/**
 * Recomputes what rotation on schedule derives for the given lineages: each version's deadline and grace (renewalTime may
 * have arrived with a later snapshot), its successor's notBefore, and the lineage's current version.
 */
export async function recomputeLineages(sql: Sql, lineageIds: string[]): Promise<void> {
  if (!lineageIds.length) return;
  const rows = await sql.query<{
    id: string;
    lineageId: string;
    notBefore: Date | null;
    notAfter: Date;
    renewalTime: Date | null;
    renewBeforeSeconds: number | null;
    deadline: Date | null;
    successorNotBefore: Date | null;
  }>(
    `SELECT id, "lineageId", "notBefore", "notAfter", "renewalTime", "renewBeforeSeconds", deadline, "successorNotBefore"
       FROM certificate_version WHERE "lineageId" = ANY($1::uuid[])`,
    [lineageIds],
  );
  const byLineage = new Map<string, typeof rows>();
  for (const r of rows) byLineage.set(r.lineageId, [...(byLineage.get(r.lineageId) ?? []), r]);
  const ids: string[] = [];
  const deadlines: (Date | null)[] = [];
  const graces: (number | null)[] = [];
  const successors: (Date | null)[] = [];
  for (const versions of byLineage.values()) {
    for (const { version: v, successorNotBefore } of withSuccessors(versions)) {
      const times = {
        notBefore: v.notBefore as Date,
        notAfter: v.notAfter,
        renewalTime: v.renewalTime,
        renewBeforeSeconds: v.renewBeforeSeconds,
      };
      const d = deadlineOf(times);
      if (
        v.deadline?.getTime() === d.getTime() &&
        v.successorNotBefore?.getTime() === successorNotBefore?.getTime()
      )
        continue;
      ids.push(v.id);
      deadlines.push(d);
      graces.push(Math.round(graceMsOf(times) / 1000));
      successors.push(successorNotBefore);
    }
  }
  if (ids.length) {
    await sql.query(
      `UPDATE certificate_version v SET deadline = u.d, "graceSeconds" = u.g, "successorNotBefore" = u.s
         FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::timestamptz[]) AS u(id, d, g, s) WHERE v.id = u.id`,
      [ids, deadlines, graces, successors],
    );
  }
  await sql.query(
    `UPDATE certificate_lineage l SET
       "currentVersionId" = (SELECT v.id FROM certificate_version v WHERE v."lineageId" = l.id
                              ORDER BY COALESCE(v."notBefore", v."notAfter") DESC, v."notAfter" DESC, v.id LIMIT 1),
       "versionCount" = (SELECT count(*) FROM certificate_version v WHERE v."lineageId" = l.id)
     WHERE l.id = ANY($1::uuid[])`,
    [lineageIds],
  );
  await refreshCurrent(sql, lineageIds);
}

/**
 * Replaces the hygiene rows (certificate_current) of these lineages with their current version; triggers
 * on that table keep the per-cluster counts (certificate_hygiene_count). Mirrors hygiene.ts.
 */
export async function refreshCurrent(sql: Sql, lineageIds: string[]): Promise<void> {
  await sql.query(`DELETE FROM certificate_current WHERE "lineageId" = ANY($1::uuid[])`, [lineageIds]);
  await sql.query(
    `INSERT INTO certificate_current ("lineageId", "clusterId", "notBefore", "notAfter", "seenExpired", weak, "isCA", "longLived")
     SELECT l.id, l."clusterId", v."notBefore", v."notAfter", v."reportedExpired" OR v."lastSeenAt" > v."notAfter", v.weak, v."isCA",
            NOT v."isCA" AND v."notBefore" IS NOT NULL AND v."notAfter" - v."notBefore" > make_interval(days => $2)
       FROM certificate_lineage l JOIN certificate_version v ON v.id = l."currentVersionId"
      WHERE l.id = ANY($1::uuid[])`,
    [lineageIds, DEFAULT_MAX_LIFETIME_DAYS],
  );
}
