import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import type { IngestContext, RecordRef, Rejection, StoreResult } from "@/lib/ingest/types";
import { isWeak } from "./hygiene";
import type { CertObservation } from "./observation";
import { deadlineOf, graceMsOf, withSuccessors } from "./rotation";

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

/**
 * Stores a chunk of observations in the batch transaction: the lineage (found or created), the X.509
 * certificate (once per fingerprint) and the version (once per lineage and version key). A version
 * already known (same fingerprint, same cert-manager revision) counts as a duplicate; it only moves
 * lastSeenAt forward and, for a newer cert-manager snapshot, refreshes the Ready/Issuing state.
 */
export async function storeObservations(
  ctx: IngestContext,
  items: { record: CertObservation; ref: RecordRef }[],
): Promise<StoreResult> {
  let accepted = 0;
  let duplicates = 0;
  const rejected: Rejection[] = [];
  const set = touched.get(ctx) ?? new Set<string>();
  touched.set(ctx, set);
  for (const { record: o, ref } of items) {
    const cluster = o.cluster ? await ctx.resolveCluster(o.cluster) : ctx.cluster;
    if (!cluster) {
      rejected.push({
        ...ref,
        reason: "no cluster: pass ?cluster= or send an envelope {cluster, collectedAt, payload}",
      });
      continue;
    }
    const seenAt = o.observedAt ?? ctx.receivedAt;
    const lineageId = await upsertLineage(ctx.sql, ctx, cluster.id, o, seenAt);
    set.add(lineageId);
    const certificateId = o.x509 ? await upsertCertificate(ctx, cluster.id, cluster.name, o, seenAt) : null;
    const created = await upsertVersion(ctx, lineageId, certificateId, o, seenAt);
    if (created) accepted++;
    else duplicates++;
  }
  return { accepted, duplicates, rejected };
}

async function upsertLineage(
  sql: Sql,
  ctx: IngestContext,
  clusterId: string,
  o: CertObservation,
  seenAt: Date,
): Promise<string> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO certificate_lineage (key, kind, identity, label, "clusterId", namespace, name, "firstSeenAt", "lastSeenAt", "batchId", demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
     ON CONFLICT (key) DO UPDATE SET
       "firstSeenAt" = LEAST(certificate_lineage."firstSeenAt", EXCLUDED."firstSeenAt"),
       "lastSeenAt" = GREATEST(certificate_lineage."lastSeenAt", EXCLUDED."lastSeenAt"),
       namespace = COALESCE(certificate_lineage.namespace, EXCLUDED.namespace),
       name = COALESCE(certificate_lineage.name, EXCLUDED.name)
     RETURNING id`,
    [
      lineageKey(clusterId, o.lineageKind, o.lineageIdentity),
      o.lineageKind,
      o.lineageIdentity,
      labelOf(o),
      clusterId,
      o.namespace,
      o.name,
      seenAt,
      ctx.batchId,
      ctx.demo,
    ],
  );
  return rows[0].id;
}

async function upsertCertificate(
  ctx: IngestContext,
  clusterId: string,
  clusterName: string,
  o: CertObservation,
  seenAt: Date,
): Promise<string> {
  const c = o.x509!;
  const place = JSON.stringify([{ cluster: clusterName, where: o.where }]);
  const rows = await ctx.sql.query<{ id: string }>(
    `INSERT INTO certificate ("fingerprintSha256", serial, subject, issuer, "commonName", sans, "spiffeId", "notBefore", "notAfter",
        "keyAlgorithm", "keySize", "keyCurve", "signatureAlgorithm", "isCA", "selfSigned", der, "clusterId", namespace, "seenIn",
        "firstSeenAt", "lastSeenAt", "batchId", demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb, $20, $20, $21, $22)
     ON CONFLICT ("fingerprintSha256") DO UPDATE SET
       "lastSeenAt" = GREATEST(certificate."lastSeenAt", EXCLUDED."lastSeenAt"),
       "firstSeenAt" = LEAST(certificate."firstSeenAt", EXCLUDED."firstSeenAt"),
       "seenIn" = CASE WHEN certificate."seenIn" @> EXCLUDED."seenIn" THEN certificate."seenIn"
                       ELSE certificate."seenIn" || EXCLUDED."seenIn" END
     RETURNING id`,
    [
      c.fingerprintSha256,
      c.serial,
      c.subject,
      c.issuer,
      c.commonName,
      c.sans,
      c.spiffeId,
      c.notBefore,
      c.notAfter,
      c.keyAlgorithm,
      c.keySize,
      c.keyCurve,
      c.signatureAlgorithm,
      c.isCA,
      c.selfSigned,
      Buffer.from(o.x509Der ?? []),
      clusterId,
      o.namespace,
      place,
      seenAt,
      ctx.batchId,
      ctx.demo,
    ],
  );
  return rows[0].id;
}

async function upsertVersion(
  ctx: IngestContext,
  lineageId: string,
  certificateId: string | null,
  o: CertObservation,
  seenAt: Date,
): Promise<boolean> {
  const times = o.notBefore
    ? {
        notBefore: o.notBefore,
        notAfter: o.notAfter,
        renewalTime: o.renewalTime,
        renewBeforeSeconds: o.renewBeforeSeconds,
      }
    : null;
  const cm = o.certManager;
  const rows = await ctx.sql.query<{ created: boolean }>(
    `INSERT INTO certificate_version ("lineageId", "versionKey", source, revision, "certificateId", "fingerprintSha256", serial, subject, issuer,
        sans, "spiffeId", "notBefore", "notAfter", "renewalTime", "renewBeforeSeconds", deadline, "graceSeconds", "keyAlgorithm", "keySize",
        "signatureAlgorithm", "isCA", weak, "reportedExpired", ready, "readyReason", "readyMessage", issuing, "failedIssuanceAttempts",
        "certManager", "where", "firstSeenAt", "lastSeenAt", "batchId", demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
             $27, $28, $29::jsonb, $30, $31, $31, $32, $33)
     ON CONFLICT ("lineageId", "versionKey") DO UPDATE SET
       "lastSeenAt" = GREATEST(certificate_version."lastSeenAt", EXCLUDED."lastSeenAt"),
       "firstSeenAt" = LEAST(certificate_version."firstSeenAt", EXCLUDED."firstSeenAt"),
       "certificateId" = COALESCE(certificate_version."certificateId", EXCLUDED."certificateId"),
       "renewalTime" = COALESCE(certificate_version."renewalTime", EXCLUDED."renewalTime"),
       "reportedExpired" = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED."reportedExpired" ELSE certificate_version."reportedExpired" END,
       ready = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED.ready ELSE certificate_version.ready END,
       "readyReason" = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED."readyReason" ELSE certificate_version."readyReason" END,
       "readyMessage" = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED."readyMessage" ELSE certificate_version."readyMessage" END,
       issuing = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED.issuing ELSE certificate_version.issuing END,
       "failedIssuanceAttempts" = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED."failedIssuanceAttempts" ELSE certificate_version."failedIssuanceAttempts" END,
       "certManager" = CASE WHEN EXCLUDED."lastSeenAt" > certificate_version."lastSeenAt" THEN EXCLUDED."certManager" ELSE certificate_version."certManager" END
     RETURNING (xmax = 0) AS created`,
    [
      lineageId,
      o.versionKey,
      o.source,
      o.revision,
      certificateId,
      o.fingerprintSha256,
      o.serial,
      o.subject,
      o.issuer,
      o.sans,
      o.spiffeId,
      o.notBefore,
      o.notAfter,
      o.renewalTime,
      o.renewBeforeSeconds === null ? null : Math.round(o.renewBeforeSeconds),
      times ? deadlineOf(times) : null,
      times ? Math.round(graceMsOf(times) / 1000) : null,
      o.keyAlgorithm,
      o.keySize,
      o.signatureAlgorithm,
      o.isCA,
      isWeak(o),
      o.reportedExpired,
      cm?.ready ?? null,
      cm?.readyReason ?? null,
      cm?.readyMessage ?? null,
      cm?.issuing ?? false,
      cm?.failedIssuanceAttempts ?? null,
      cm ? JSON.stringify(cm) : null,
      o.where,
      seenAt,
      ctx.batchId,
      ctx.demo,
    ],
  );
  return rows[0].created;
}

/**
 * Recomputes what §7.2 derives for the given lineages: each version's deadline and grace (renewalTime may
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
}
