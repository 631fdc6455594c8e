import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";

import type { Severity } from "@/lib/severity";

export type { Severity };

export interface FindingInput {
  rule: string;
  severity: Severity;
  /** Identifies the subject within the rule (dedup key), e.g. "eu-west-prod/shop/frontend→us-east-prod". */
  subjectKey: string;
  title: string;
  clusterId?: string | null;
  namespace?: string | null;
  workload?: string | null;
  /** The first offending evidence. */
  startedAt: Date;
  evidence?: Record<string, unknown>;
  demo?: boolean;
}

/**
 * Opens a finding, or refreshes the open one of the same rule and subject (lastSeenAt, evidence, an
 * earlier startedAt). Returns whether it was new. Call it in a short transaction of its own (after the
 * ingest commit) because the audit append serialises writers.
 */
export async function upsertFinding(
  sql: Sql,
  actor: Actor,
  f: FindingInput,
  now = new Date(),
): Promise<{ id: string; created: boolean }> {
  const rows = await sql.query<{ id: string; created: boolean }>(
    `INSERT INTO finding (rule, severity, "subjectKey", title, "clusterId", namespace, workload, "startedAt", "detectedAt", "lastSeenAt", evidence, demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10::jsonb, $11)
     ON CONFLICT ("rule", "subjectKey") WHERE "resolvedAt" IS NULL DO UPDATE SET
       "lastSeenAt" = GREATEST(finding."lastSeenAt", EXCLUDED."lastSeenAt"),
       "startedAt" = LEAST(finding."startedAt", EXCLUDED."startedAt"),
       severity = EXCLUDED.severity, title = EXCLUDED.title, evidence = EXCLUDED.evidence
     RETURNING id, (xmax = 0) AS created`,
    [
      f.rule,
      f.severity,
      f.subjectKey,
      f.title,
      f.clusterId ?? null,
      f.namespace ?? null,
      f.workload ?? null,
      f.startedAt,
      now,
      JSON.stringify(f.evidence ?? {}),
      !!f.demo,
    ],
  );
  const r = rows[0];
  if (r.created) {
    await audit(sql, actor, {
      action: "finding.open",
      targetType: "finding",
      targetId: r.id,
      data: { rule: f.rule, subject: f.subjectKey },
    });
  }
  return r;
}

/**
 * Resolves the open findings of a rule (optionally within one cluster) whose subject is no longer
 * offending. `stillOpen` lists the subject keys that are.
 */
export async function resolveCleared(
  sql: Sql,
  actor: Actor,
  rule: string,
  stillOpen: readonly string[],
  opts: { clusterId?: string | null; now?: Date } = {},
): Promise<number> {
  const rows = await sql.query<{ id: string; subjectKey: string }>(
    `UPDATE finding SET "resolvedAt" = $4, status = 'resolved'
      WHERE rule = $1 AND "resolvedAt" IS NULL AND NOT ("subjectKey" = ANY($2::text[]))
        AND ($3::uuid IS NULL OR "clusterId" = $3)
      RETURNING id, "subjectKey"`,
    [rule, stillOpen, opts.clusterId ?? null, opts.now ?? new Date()],
  );
  for (const r of rows) {
    await audit(sql, actor, {
      action: "finding.resolve",
      targetType: "finding",
      targetId: r.id,
      data: { rule, subject: r.subjectKey },
    });
  }
  return rows.length;
}
