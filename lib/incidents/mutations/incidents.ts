import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { severityRank } from "@/lib/severity";
import {
  type AlertTimes,
  type Confidence,
  containmentFromAlerts,
  detectedFromAlerts,
  EVIDENCE_WINDOW_MS,
  type IncidentStatus,
  startFromLinks,
} from "../clock";
import { autoLinkEvidence } from "../evidence";
import { incidentSeverity } from "../formats/alertmanager";
import { addTimeline } from "./timeline";

export interface IncidentRow {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: IncidentStatus;
  owner: string | null;
  origin: "alert" | "finding" | "manual";
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  alertSubject: string | null;
  startedAt: Date | null;
  startedConfidence: Confidence;
  startedManual: boolean;
  detectedAt: Date;
  detectedManual: boolean;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  containedConfidence: string | null;
  containedManual: boolean;
  resolvedAt: Date | null;
  demo: boolean;
}

export async function loadIncident(sql: Sql, id: string, lock = false): Promise<IncidentRow> {
  const rows = await sql.query<IncidentRow>(
    `SELECT * FROM incident WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  if (!rows[0]) throw new AppError("not_found", `Incident ${id} not found`);
  return rows[0];
}

export interface IncidentSubject {
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  alertSubject?: string | null;
}

const subjectKey = (s: IncidentSubject) =>
  `${s.clusterId ?? ""}/${s.namespace ?? ""}/${s.workload ?? ""}/${s.alertSubject ?? ""}`;

// Advisory-lock class of incident subjects (two-key form, apart from the audit chain's one-key lock).
const SUBJECT_LOCK = 7283;

/**
 * Serialises writers per incident subject until the transaction ends, so two batches about the same new
 * subject cannot both open an incident. Several subjects are locked in one fixed order (by lock key):
 * the lock order of ARCHITECTURE.md — subjects before incident rows, the audit chain last.
 */
export async function lockSubjects(sql: Sql, subjects: readonly IncidentSubject[]): Promise<void> {
  if (subjects.length === 0) return;
  const keys = [...new Set(subjects.map(subjectKey))];
  const ids = await sql.query<{ h: number }>(
    `SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h`,
    [keys],
  );
  for (const { h } of ids)
    await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock($1, $2)`, [SUBJECT_LOCK, h]);
}

/**
 * The unresolved incident of this subject that a signal starting at `at` joins: one of its alerts was
 * firing within 24 hours of `at` (a re-fire after a short recovery is the same incident; its
 * containment then clears and later moves to the last endsAt). An incident without alerts (escalated
 * finding, manual) is joined from 24 h before its detection until it is contained.
 */
export async function openIncidentFor(sql: Sql, s: IncidentSubject, at: Date): Promise<string | null> {
  await lockSubjects(sql, [s]);
  const rows = await sql.query<{ id: string }>(
    `SELECT i.id FROM incident i
      WHERE i.status <> 'resolved' AND i."clusterId" IS NOT DISTINCT FROM $1
        AND i.namespace IS NOT DISTINCT FROM $2 AND i.workload IS NOT DISTINCT FROM $3
        AND i."alertSubject" IS NOT DISTINCT FROM $5
        AND CASE WHEN EXISTS (SELECT 1 FROM alert a WHERE a."incidentId" = i.id)
            THEN EXISTS (SELECT 1 FROM alert a WHERE a."incidentId" = i.id
                            AND a."startsAt" <= $4::timestamptz + interval '24 hours'
                            AND (a.status = 'firing' OR a."endsAt" >= $4::timestamptz - interval '24 hours'))
            ELSE $4::timestamptz >= i."detectedAt" - interval '24 hours'
                 AND (i."containedAt" IS NULL OR $4::timestamptz <= i."containedAt") END
      ORDER BY i."detectedAt" LIMIT 1 FOR UPDATE`,
    [s.clusterId, s.namespace, s.workload, at, s.alertSubject ?? null],
  );
  return rows[0]?.id ?? null;
}

export interface NewIncident {
  title: string;
  severity: string;
  origin: "alert" | "finding" | "manual";
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  alertSubject?: string | null;
  detectedAt: Date;
  startedAt?: Date | null;
  startedConfidence?: Confidence;
  owner?: string | null;
  demo?: boolean;
}

export async function createIncident(
  sql: Sql,
  actor: Actor,
  n: NewIncident,
  data: Record<string, unknown> = {},
) {
  const manualStart = n.startedAt !== undefined && n.startedAt !== null;
  const rows = await sql.query<{ id: string; number: number }>(
    `INSERT INTO incident (title, severity, origin, "clusterId", namespace, workload, "detectedAt", "detectedManual",
                           "startedAt", "startedConfidence", "startedManual", owner, demo, "alertSubject")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id, number`,
    [
      n.title.slice(0, 300),
      n.severity,
      n.origin,
      n.clusterId,
      n.namespace,
      n.workload,
      n.detectedAt,
      n.origin === "manual",
      n.startedAt ?? null,
      manualStart ? (n.startedConfidence ?? "observed") : "unknown",
      manualStart,
      n.owner ?? null,
      !!n.demo,
      n.alertSubject ?? null,
    ],
  );
  const inc = rows[0];
  await addTimeline(sql, inc.id, actor, "opened", {
    origin: n.origin,
    title: n.title,
    severity: n.severity,
    detectedAt: n.detectedAt,
    ...data,
  });
  await audit(sql, actor, {
    action: "incident.open",
    targetType: "incident",
    targetId: inc.id,
    data: { origin: n.origin, number: inc.number, ...data },
  });
  return inc;
}

/**
 * Brings an incident's clock up to date with what it links to (docs/kpis.md, incident timestamps): detection from its alerts
 * (alert-opened incidents), automatic evidence links, the start from its evidence, and containment once
 * every alert has resolved. Values an operator set by hand are left alone. Audited when anything changed.
 */
export async function recomputeIncident(sql: Sql, actor: Actor, id: string): Promise<string[]> {
  const inc = await loadIncident(sql, id, true);
  const changes: string[] = [];
  const alerts = (
    await sql.query<AlertTimes>(`SELECT status, "startsAt", "endsAt" FROM alert WHERE "incidentId" = $1`, [
      id,
    ])
  ).map((a) => ({ ...a, startsAt: new Date(a.startsAt), endsAt: a.endsAt ? new Date(a.endsAt) : null }));

  let detectedAt = inc.detectedAt;
  if (inc.origin === "alert" && !inc.detectedManual) {
    const d = detectedFromAlerts(alerts);
    if (d && d.getTime() !== detectedAt.getTime()) {
      await sql.query(`UPDATE incident SET "detectedAt" = $2 WHERE id = $1`, [id, d]);
      await addTimeline(sql, id, actor, "detected.changed", {
        from: detectedAt,
        to: d,
        why: "earliest alert startsAt",
      });
      changes.push("detectedAt");
      detectedAt = d;
    }
  }

  // The window follows detection: when a later alert moved detectedAt (earlier), automatic links made
  // under the old window that now fall outside it go, so the start (and MTTD) comes only from evidence
  // in [detectedAt − 30 min, detectedAt]. Links an operator made or removed are left alone.
  const stale = await sql.query<{ evidenceId: string }>(
    `DELETE FROM incident_evidence_link l USING incident_evidence e
      WHERE l."incidentId" = $1 AND l.origin = 'auto' AND l.active AND e.id = l."evidenceId"
        AND (e."occurredAt" < $2::timestamptz - ($3::int * interval '1 millisecond') OR e."occurredAt" > $2::timestamptz)
      RETURNING l."evidenceId"`,
    [id, detectedAt, EVIDENCE_WINDOW_MS],
  );
  if (stale.length) {
    await addTimeline(sql, id, actor, "evidence.unlinked", {
      evidenceIds: stale.map((r) => r.evidenceId),
      count: stale.length,
      origin: "auto",
      why: "outside [detectedAt − 30 min, detectedAt] once detection moved",
    });
    changes.push(`unlinked ${stale.length}`);
  }

  const linked = await autoLinkEvidence(sql, { ...inc, detectedAt });
  if (linked.length) {
    await addTimeline(sql, id, actor, "evidence.linked", {
      evidenceIds: linked,
      count: linked.length,
      origin: "auto",
    });
    changes.push(`linked ${linked.length}`);
  }

  if (!inc.startedManual) {
    const ev = await sql.query<{ occurredAt: Date }>(
      `SELECT e."occurredAt" FROM incident_evidence_link l JOIN incident_evidence e ON e.id = l."evidenceId"
        WHERE l."incidentId" = $1 AND l.active`,
      [id],
    );
    const s = startFromLinks(
      ev.map((e) => new Date(e.occurredAt)),
      alerts.map((a) => a.startsAt),
    );
    if (
      (s.startedAt?.getTime() ?? null) !== (inc.startedAt?.getTime() ?? null) ||
      s.confidence !== inc.startedConfidence
    ) {
      await sql.query(`UPDATE incident SET "startedAt" = $2, "startedConfidence" = $3 WHERE id = $1`, [
        id,
        s.startedAt,
        s.confidence,
      ]);
      await addTimeline(sql, id, actor, "started.changed", {
        from: inc.startedAt,
        to: s.startedAt,
        fromConfidence: inc.startedConfidence,
        confidence: s.confidence,
      });
      changes.push("startedAt");
    }
  }

  if (!inc.containedManual && alerts.length > 0) {
    const c = containmentFromAlerts(alerts);
    const before = inc.containedAt?.getTime() ?? null;
    if ((c?.getTime() ?? null) !== before) {
      let status: IncidentStatus = inc.status;
      if (c && (status === "open" || status === "acknowledged")) status = "contained";
      if (!c && status === "contained") status = inc.acknowledgedAt ? "acknowledged" : "open";
      await sql.query(
        `UPDATE incident SET "containedAt" = $2, "containedConfidence" = $3, status = $4 WHERE id = $1`,
        [id, c, c ? "estimated" : null, status],
      );
      await addTimeline(
        sql,
        id,
        actor,
        c ? "contained.auto" : "contained.cleared",
        c
          ? { at: c, confidence: "estimated", why: "every alert resolved; latest endsAt" }
          : { why: "an alert is firing again" },
      );
      if (status !== inc.status)
        await addTimeline(sql, id, actor, "status", { from: inc.status, to: status });
      changes.push("containedAt");
    }
  }

  if (changes.length) {
    await sql.query(`UPDATE incident SET "updatedAt" = now() WHERE id = $1`, [id]);
    await audit(sql, actor, {
      action: "incident.recompute",
      targetType: "incident",
      targetId: id,
      data: { changes },
    });
  }
  return changes;
}

/**
 * An alert (already stored) opens an incident or joins the open incident of its subject.
 * Returns the incident id.
 */
export async function correlateAlert(
  sql: Sql,
  actor: Actor,
  alertId: string,
  demo: boolean,
): Promise<string> {
  const a = (
    await sql.query<{
      id: string;
      incidentId: string | null;
      alertname: string;
      fingerprint: string;
      status: string;
      severity: string | null;
      startsAt: Date;
      summary: string | null;
      clusterId: string | null;
      namespace: string | null;
      workload: string | null;
      alertSubject: string | null;
    }>(`SELECT * FROM alert WHERE id = $1`, [alertId])
  )[0];
  if (a.incidentId) {
    if (a.status === "resolved")
      await addTimeline(sql, a.incidentId, actor, "alert.resolved", { alertId, alertname: a.alertname });
    return a.incidentId;
  }
  const sev = incidentSeverity(a.severity);
  let incidentId = await openIncidentFor(sql, a, a.startsAt);
  if (incidentId) {
    const inc = await loadIncident(sql, incidentId);
    if (severityRank(sev) < severityRank(inc.severity)) {
      await sql.query(`UPDATE incident SET severity = $2 WHERE id = $1`, [incidentId, sev]);
    }
    await sql.query(`UPDATE alert SET "incidentId" = $2 WHERE id = $1`, [alertId, incidentId]);
    await addTimeline(sql, incidentId, actor, "alert.joined", {
      alertId,
      alertname: a.alertname,
      fingerprint: a.fingerprint,
      startsAt: a.startsAt,
    });
    await audit(sql, actor, {
      action: "incident.alert.join",
      targetType: "incident",
      targetId: incidentId,
      data: { alertId, fingerprint: a.fingerprint },
    });
  } else {
    const created = await createIncident(
      sql,
      actor,
      {
        title: a.summary ?? a.alertname,
        severity: sev,
        origin: "alert",
        clusterId: a.clusterId,
        namespace: a.namespace,
        workload: a.workload,
        alertSubject: a.alertSubject,
        detectedAt: a.startsAt,
        demo,
      },
      { alertId, alertname: a.alertname, fingerprint: a.fingerprint },
    );
    incidentId = created.id;
    await sql.query(`UPDATE alert SET "incidentId" = $2 WHERE id = $1`, [alertId, incidentId]);
  }
  return incidentId;
}
