import "server-only";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { resolveCleared, upsertFinding } from "@/lib/detection/mutations";
import { isExpired } from "./hygiene";
import { deadlineOf, outcomeOf } from "./rotation";

import { EXPIRED_RULE, ROTATION_RULE } from "./rules";

export const RULE_EXPIRED = EXPIRED_RULE.id;
export const RULE_ROTATION = ROTATION_RULE.id;

interface Current {
  lineageId: string;
  label: string;
  kind: string;
  clusterId: string | null;
  cluster: string | null;
  namespace: string | null;
  name: string | null;
  versionKey: string;
  notBefore: Date | null;
  notAfter: Date;
  renewalTime: Date | null;
  renewBeforeSeconds: number | null;
  successorNotBefore: Date | null;
  reportedExpired: boolean;
  lastSeenAt: Date;
  where: string;
  demo: boolean;
}

/**
 * Posture's certificate rules, over the current version of every lineage:
 * - expired certificate still served or reported (startedAt = notAfter);
 * - missed or overdue rotation (startedAt = the renewal deadline), raised only while the lineage is still
 *   seen at or after its deadline, so a certificate that was simply decommissioned raises nothing.
 * Findings refresh while the condition holds and resolve when it clears. Runs after every certificate
 * batch commits and on a schedule (lib/certificates/jobs.ts), in short transactions of its own.
 */
export async function runCertificateDetection(
  opts: { actor?: Actor; now?: Date; clusterIds?: string[] } = {},
): Promise<{ expired: number; rotation: number; resolved: number }> {
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const now = opts.now ?? new Date();
  const rows = await withPgTransaction(pool(), (_c, sql) =>
    sql.query<Current>(
      `SELECT l.id AS "lineageId", l.label, l.kind, l."clusterId", c.name AS cluster, l.namespace, l.name, l.demo,
              v."versionKey", v."notBefore", v."notAfter", v."renewalTime", v."renewBeforeSeconds", v."successorNotBefore",
              v."reportedExpired", v."lastSeenAt", v."where"
         FROM certificate_lineage l
         JOIN certificate_version v ON v.id = l."currentVersionId"
         LEFT JOIN cluster c ON c.id = l."clusterId"
        WHERE (v."notAfter" < $1 OR (v.deadline IS NOT NULL AND v.deadline < $1))
          AND ($2::uuid[] IS NULL OR l."clusterId" = ANY($2::uuid[]))`,
      [now, opts.clusterIds ?? null],
    ),
  );
  const expired: { key: string; f: Parameters<typeof upsertFinding>[2] }[] = [];
  const rotation: typeof expired = [];
  for (const r of rows) {
    const key = `lineage:${r.lineageId}`;
    const base = {
      subjectKey: key,
      clusterId: r.clusterId,
      namespace: r.namespace,
      workload: r.name,
      demo: r.demo,
    };
    const where = `${r.cluster ?? "?"}: ${r.label}`;
    if (isExpired(r, now)) {
      expired.push({
        key,
        f: {
          ...base,
          rule: RULE_EXPIRED,
          severity: EXPIRED_RULE.severity,
          title: `Expired certificate still in use: ${where}`,
          startedAt: r.notAfter,
          evidence: {
            lineageId: r.lineageId,
            version: r.versionKey,
            notAfter: r.notAfter,
            lastSeenAt: r.lastSeenAt,
            reported: r.reportedExpired,
            seenAt: r.where,
          },
        },
      });
    }
    if (r.notBefore) {
      const times = {
        notBefore: r.notBefore,
        notAfter: r.notAfter,
        renewalTime: r.renewalTime,
        renewBeforeSeconds: r.renewBeforeSeconds,
      };
      const outcome = outcomeOf(times, r.successorNotBefore, now);
      const deadline = deadlineOf(times);
      if ((outcome === "missed" || outcome === "overdue") && r.lastSeenAt >= deadline) {
        rotation.push({
          key,
          f: {
            ...base,
            rule: RULE_ROTATION,
            severity: outcome === "missed" ? "high" : "medium",
            title: `Rotation ${outcome === "missed" ? "missed" : "overdue"}: ${where}`,
            startedAt: deadline,
            evidence: {
              lineageId: r.lineageId,
              version: r.versionKey,
              outcome,
              deadline,
              notAfter: r.notAfter,
              lastSeenAt: r.lastSeenAt,
            },
          },
        });
      }
    }
  }
  let resolved = 0;
  // After a batch only the clusters it touched are re-evaluated; the scheduled run covers everything.
  const scopes: (string | null)[] = opts.clusterIds ?? [null];
  for (const [rule, list] of [
    [RULE_EXPIRED, expired],
    [RULE_ROTATION, rotation],
  ] as const) {
    await withPgTransaction(pool(), async (_c, sql) => {
      for (const x of list) await upsertFinding(sql, actor, x.f, now);
      for (const clusterId of scopes) {
        const keys = list.filter((x) => clusterId === null || x.f.clusterId === clusterId).map((x) => x.key);
        resolved += await resolveCleared(sql, actor, rule, keys, { clusterId, now });
      }
    });
  }
  return { expired: expired.length, rotation: rotation.length, resolved };
}
