import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { type Confidence, canMoveTo, clockProblems, type IncidentStatus } from "../clock";
import type { CorrectableField } from "../correctable";
import { checkTime } from "../timestamps";
import { createIncident, type IncidentRow, loadIncident, recomputeIncident } from "./incidents";
import { addTimeline } from "./timeline";

// Operators' actions on an incident (docs/kpis.md, incident timestamps). Each runs in the caller's transaction, writes the
// timeline and the audit log there, and refuses impossible clocks with a 4xx instead of storing them.

function when(value: string | Date | null | undefined, field: string, now: Date): Date {
  if (value === null || value === undefined) return now;
  const c = checkTime(value instanceof Date ? value.toISOString() : value, field, now);
  if (!c.ok) throw new AppError("unprocessable", c.reason);
  return c.date;
}

function refuseProblems(before: IncidentRow, after: IncidentRow) {
  const was = new Set(clockProblems(before));
  const now = clockProblems(after).filter((p) => !was.has(p));
  if (now.length) {
    const iso = (d: Date | null) => d?.toISOString() ?? "—";
    throw new AppError(
      "unprocessable",
      `That would make the incident ${now.join(" and ")} (started ${iso(after.startedAt)}, detected ${iso(after.detectedAt)}, contained ${iso(after.containedAt)}, resolved ${iso(after.resolvedAt)})`,
    );
  }
}

export async function changeStatus(
  sql: Sql,
  actor: Actor,
  id: string,
  to: Exclude<IncidentStatus, "open">,
  opts: { at?: string | Date | null; reason?: string | null; now?: Date } = {},
) {
  const inc = await loadIncident(sql, id, true);
  if (!canMoveTo(inc.status, to))
    throw new AppError("conflict", `Incident #${inc.number} is ${inc.status}; it cannot become ${to}`);
  const at = when(opts.at, "at", opts.now ?? new Date());
  const next: IncidentRow = { ...inc, status: to };
  if (to === "acknowledged" || !inc.acknowledgedAt) next.acknowledgedAt = inc.acknowledgedAt ?? at;
  if (to === "contained")
    Object.assign(next, { containedAt: at, containedConfidence: "observed", containedManual: true });
  if (to === "resolved") next.resolvedAt = at;
  refuseProblems(inc, next);
  await sql.query(
    `UPDATE incident SET status = $2, "acknowledgedAt" = $3, "containedAt" = $4, "containedConfidence" = $5, "containedManual" = $6,
       "resolvedAt" = $7, "updatedAt" = now() WHERE id = $1`,
    [
      id,
      to,
      next.acknowledgedAt,
      next.containedAt,
      next.containedConfidence,
      next.containedManual,
      next.resolvedAt,
    ],
  );
  await addTimeline(sql, id, actor, "status", { from: inc.status, to, at }, opts.reason ?? null);
  await audit(sql, actor, {
    action: `incident.${to === "acknowledged" ? "acknowledge" : to === "contained" ? "contain" : "resolve"}`,
    targetType: "incident",
    targetId: id,
    data: { at, reason: opts.reason ?? null },
  });
}

export async function addNote(sql: Sql, actor: Actor, id: string, text: string) {
  await loadIncident(sql, id);
  await addTimeline(sql, id, actor, "note", { text });
  await sql.query(`UPDATE incident SET "updatedAt" = now() WHERE id = $1`, [id]);
  await audit(sql, actor, {
    action: "incident.note",
    targetType: "incident",
    targetId: id,
    data: { length: text.length },
  });
}

export async function updateIncident(
  sql: Sql,
  actor: Actor,
  id: string,
  patch: { title?: string; severity?: string; owner?: string | null },
) {
  const inc = await loadIncident(sql, id, true);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of ["title", "severity", "owner"] as const) {
    if (patch[k] !== undefined && patch[k] !== inc[k]) changes[k] = { from: inc[k], to: patch[k] };
  }
  if (!Object.keys(changes).length) return;
  await sql.query(
    `UPDATE incident SET title = $2, severity = $3, owner = $4, "updatedAt" = now() WHERE id = $1`,
    [
      id,
      patch.title ?? inc.title,
      patch.severity ?? inc.severity,
      patch.owner === undefined ? inc.owner : patch.owner,
    ],
  );
  await addTimeline(sql, id, actor, "updated", changes);
  await audit(sql, actor, { action: "incident.update", targetType: "incident", targetId: id, data: changes });
}

export async function setEvidenceLink(
  sql: Sql,
  actor: Actor,
  id: string,
  evidenceId: string,
  link: boolean,
  reason: string | null,
) {
  await loadIncident(sql, id, true);
  const ev = await sql.query<{ id: string; kind: string; summary: string }>(
    `SELECT id, kind, summary FROM incident_evidence WHERE id = $1`,
    [evidenceId],
  );
  if (!ev[0]) throw new AppError("not_found", `Evidence ${evidenceId} not found`);
  const rows = await sql.query(
    `INSERT INTO incident_evidence_link ("incidentId", "evidenceId", origin, active) VALUES ($1, $2, 'manual', $3)
     ON CONFLICT ("incidentId", "evidenceId") DO UPDATE SET active = EXCLUDED.active, origin = 'manual', "updatedAt" = now()
     WHERE incident_evidence_link.active IS DISTINCT FROM EXCLUDED.active OR incident_evidence_link.origin <> 'manual'
     RETURNING "evidenceId"`,
    [id, evidenceId, link],
  );
  if (!rows.length) return;
  await addTimeline(
    sql,
    id,
    actor,
    link ? "evidence.linked" : "evidence.unlinked",
    { evidenceIds: [evidenceId], kind: ev[0].kind, summary: ev[0].summary, origin: "manual" },
    reason,
  );
  await audit(sql, actor, {
    action: link ? "incident.link" : "incident.unlink",
    targetType: "incident",
    targetId: id,
    data: { evidenceId, reason },
  });
  await recomputeIncident(sql, actor, id);
}

/**
 * Corrects one timestamp by hand, with a reason kept in the timeline. `null` hands startedAt, detectedAt
 * or containedAt back to the automatic rules (docs/kpis.md, incident timestamps). A correction that would make the clock impossible
 * (e.g. contained before detected) is refused with 422.
 */
export async function correctTimestamp(
  sql: Sql,
  actor: Actor,
  id: string,
  c: { field: CorrectableField; value: string | null; reason: string; confidence?: Confidence; now?: Date },
) {
  const inc = await loadIncident(sql, id, true);
  const now = c.now ?? new Date();
  const value = c.value === null ? null : when(c.value, c.field, now);
  if (value === null && (c.field === "acknowledgedAt" || c.field === "resolvedAt")) {
    throw new AppError("bad_request", `${c.field} cannot be cleared; correct it to another time instead`);
  }
  if (c.field === "resolvedAt" && inc.status !== "resolved")
    throw new AppError("conflict", "The incident is not resolved; resolve it first");
  if (c.field === "acknowledgedAt" && !inc.acknowledgedAt)
    throw new AppError("conflict", "The incident is not acknowledged; acknowledge it first");
  const next: IncidentRow = { ...inc };
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (col: string, v: unknown) => {
    params.push(v);
    sets.push(`"${col}" = $${params.length}`);
  };
  switch (c.field) {
    case "startedAt": {
      const confidence: Confidence = value ? (c.confidence ?? "observed") : "unknown";
      Object.assign(next, { startedAt: value, startedConfidence: confidence, startedManual: value !== null });
      set("startedAt", value);
      set("startedConfidence", confidence);
      set("startedManual", value !== null);
      break;
    }
    case "detectedAt":
      if (value === null && inc.origin !== "alert")
        throw new AppError("bad_request", "Only alert-opened incidents have an automatic detection time");
      Object.assign(next, { detectedAt: value ?? inc.detectedAt, detectedManual: value !== null });
      if (value) set("detectedAt", value);
      set("detectedManual", value !== null);
      break;
    case "containedAt": {
      Object.assign(next, {
        containedAt: value,
        containedConfidence: value ? "observed" : null,
        containedManual: value !== null,
      });
      set("containedAt", value);
      set("containedConfidence", next.containedConfidence);
      set("containedManual", value !== null);
      let status = inc.status;
      if (value && (status === "open" || status === "acknowledged")) status = "contained";
      if (!value && status === "contained") status = inc.acknowledgedAt ? "acknowledged" : "open";
      next.status = status;
      set("status", status);
      break;
    }
    case "acknowledgedAt":
      next.acknowledgedAt = value;
      set("acknowledgedAt", value);
      break;
    case "resolvedAt":
      next.resolvedAt = value;
      set("resolvedAt", value);
      break;
  }
  // An automatic start is derived again from the evidence window of the new detection time (the
  // recompute below), so only a start the operator set can make a detection correction impossible.
  refuseProblems(inc, next.startedManual ? next : { ...next, startedAt: null });
  await sql.query(`UPDATE incident SET ${sets.join(", ")}, "updatedAt" = now() WHERE id = $1`, params);
  await addTimeline(
    sql,
    id,
    actor,
    "correction",
    {
      field: c.field,
      from: inc[c.field],
      to: value,
      automatic: value === null,
      ...(c.field === "startedAt" ? { confidence: next.startedConfidence } : {}),
    },
    c.reason,
  );
  await audit(sql, actor, {
    action: "incident.correct",
    targetType: "incident",
    targetId: id,
    data: { field: c.field, from: inc[c.field], to: value, reason: c.reason },
  });
  await recomputeIncident(sql, actor, id);
}

/** An incident opened by an operator; detectedAt is what the operator enters (default now). */
export async function createManualIncident(
  sql: Sql,
  actor: Actor,
  input: {
    title: string;
    severity: string;
    clusterId: string | null;
    namespace: string | null;
    workload: string | null;
    detectedAt?: string | null;
    startedAt?: string | null;
    owner?: string | null;
  },
  now = new Date(),
) {
  const detectedAt = when(input.detectedAt, "detectedAt", now);
  const startedAt = input.startedAt ? when(input.startedAt, "startedAt", now) : null;
  if (startedAt && startedAt > detectedAt)
    throw new AppError("unprocessable", "startedAt is after detectedAt");
  const inc = await createIncident(sql, actor, {
    title: input.title,
    severity: input.severity,
    origin: "manual",
    clusterId: input.clusterId,
    namespace: input.namespace,
    workload: input.workload,
    detectedAt,
    startedAt,
    startedConfidence: startedAt ? "observed" : undefined,
    owner: input.owner,
  });
  await recomputeIncident(sql, actor, inc.id);
  return inc;
}
