import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { recordEvidence } from "../evidence";
import { createIncident, openIncidentFor, recomputeIncident } from "./incidents";
import { addTimeline } from "./timeline";

/**
 * A finding becomes an incident: it joins the open incident of its subject or opens one
 * detected at the finding's detectedAt; the finding is linked as evidence, so its startedAt is the
 * incident's observed start. Escalating an already escalated finding returns its incident.
 */
export async function escalateFinding(
  sql: Sql,
  actor: Actor,
  findingId: string,
  opts: { automatic?: boolean; reason?: string | null } = {},
): Promise<{ incidentId: string; created: boolean }> {
  const rows = await sql.query<{
    id: string;
    rule: string;
    severity: string;
    title: string;
    subjectKey: string;
    clusterId: string | null;
    namespace: string | null;
    workload: string | null;
    startedAt: Date;
    detectedAt: Date;
    incidentId: string | null;
    demo: boolean;
  }>(`SELECT * FROM finding WHERE id = $1 FOR UPDATE`, [findingId]);
  const f = rows[0];
  if (!f) throw new AppError("not_found", `Finding ${findingId} not found`);
  if (f.incidentId) return { incidentId: f.incidentId, created: false };

  await recordEvidence(sql, [
    {
      kind: "finding",
      ref: f.id,
      occurredAt: f.startedAt,
      clusterId: f.clusterId,
      namespace: f.namespace,
      workload: f.workload,
      severity: f.severity,
      summary: f.title,
      data: { rule: f.rule, subjectKey: f.subjectKey, detectedAt: f.detectedAt },
      demo: f.demo,
    },
  ]);
  const ev = await sql.query<{ id: string }>(
    `SELECT id FROM incident_evidence WHERE kind = 'finding' AND ref = $1`,
    [f.id],
  );

  let incidentId = await openIncidentFor(sql, f, f.detectedAt);
  const created = !incidentId;
  if (!incidentId) {
    const inc = await createIncident(
      sql,
      actor,
      {
        title: f.title,
        severity: f.severity,
        origin: "finding",
        clusterId: f.clusterId,
        namespace: f.namespace,
        workload: f.workload,
        detectedAt: f.detectedAt,
        demo: f.demo,
      },
      { findingId: f.id, rule: f.rule },
    );
    incidentId = inc.id;
  }
  await sql.query(
    `INSERT INTO incident_evidence_link ("incidentId", "evidenceId", origin) VALUES ($1, $2, 'escalation')
     ON CONFLICT ("incidentId", "evidenceId") DO UPDATE SET active = true, "updatedAt" = now()`,
    [incidentId, ev[0].id],
  );
  await sql.query(`UPDATE finding SET "incidentId" = $2 WHERE id = $1`, [f.id, incidentId]);
  await addTimeline(
    sql,
    incidentId,
    actor,
    "finding.escalated",
    { findingId: f.id, rule: f.rule, title: f.title, automatic: !!opts.automatic },
    opts.reason ?? null,
  );
  await audit(sql, actor, {
    action: "finding.escalate",
    targetType: "finding",
    targetId: f.id,
    data: { incidentId, created, automatic: !!opts.automatic },
  });
  await recomputeIncident(sql, actor, incidentId);
  return { incidentId, created };
}
