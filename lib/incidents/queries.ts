import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { findingSubject } from "@/lib/detection/queries";
import { AppError } from "@/lib/errors";
import { isSeverity, SEVERITIES } from "@/lib/severity";
import { clockProblems, EVIDENCE_WINDOW_MS, STATUSES } from "./clock";
import type { TimelineRow } from "./history";
import type { IncidentRow } from "./mutations/incidents";

export interface IncidentFilters {
  status?: string | null;
  cluster?: string | null;
  severity?: string | null;
  q?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Which instant from/to bound: detected (default), contained or resolved — the clock a KPI reads. */
  basis?: "detected" | "contained" | "resolved";
  page?: number;
  pageSize?: number;
}

export type IncidentListItem = IncidentRow & {
  cluster: string | null;
  alerts: number;
  evidence: number;
  mttdSeconds: number | null;
  containSeconds: number | null;
  resolveSeconds: number | null;
  problems: string[];
};

export function parseIncidentFilters(p: URLSearchParams): IncidentFilters {
  const status = p.get("status") || null;
  if (status && status !== "unresolved" && !(STATUSES as readonly string[]).includes(status)) {
    throw new AppError("bad_request", `status must be one of ${STATUSES.join(", ")} or unresolved`);
  }
  const severity = p.get("severity") || null;
  if (severity && !isSeverity(severity))
    throw new AppError("bad_request", `severity must be one of ${SEVERITIES.join(", ")}`);
  const date = (k: string) => {
    const v = p.get(k);
    if (!v) return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime()))
      throw new AppError("bad_request", `${k}: "${v.slice(0, 40)}" is not an ISO-8601 date`);
    return d;
  };
  const int = (k: string, def: number, max: number) => {
    const v = p.get(k);
    if (!v) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new AppError("bad_request", `${k} must be an integer from 1 to ${max}`);
    return n;
  };
  return {
    status,
    severity,
    cluster: p.get("cluster") || null,
    q: p.get("q")?.slice(0, 200) || null,
    from: date("from"),
    to: date("to"),
    basis: basisOf(p.get("basis")),
    page: int("page", 1, 100_000),
    pageSize: int("pageSize", 50, 200),
  };
}

const BASES = ["detected", "contained", "resolved"] as const;

function basisOf(v: string | null): IncidentFilters["basis"] {
  if (!v) return "detected";
  if (!(BASES as readonly string[]).includes(v))
    throw new AppError("bad_request", `basis must be one of ${BASES.join(", ")}`);
  return v as IncidentFilters["basis"];
}

const secs = (a: Date | null, b: Date | null) => (a && b ? (a.getTime() - b.getTime()) / 1000 : null);

export async function listIncidents(
  f: IncidentFilters = {},
): Promise<{ items: IncidentListItem[]; total: number; page: number; pageSize: number }> {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll("$?", `$${params.length}`));
  };
  if (f.status === "unresolved") where.push(`i.status <> 'resolved'`);
  else if (f.status) add(`i.status = $?`, f.status);
  if (f.severity) add(`i.severity = $?`, f.severity);
  if (f.cluster) add(`c.name = $?`, f.cluster);
  if (f.q)
    add(
      `(i.title ILIKE '%' || $? || '%' OR i.namespace ILIKE '%' || $? || '%' OR i.workload ILIKE '%' || $? || '%')`,
      f.q,
    );
  const at = `i."${f.basis ?? "detected"}At"`;
  if (f.from) add(`${at} >= $?`, f.from);
  if (f.to) add(`${at} < $?`, f.to);
  const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const sql = sqlOfPg(pool());
  const total = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId" ${w}`,
    params,
  );
  const rows = await sql.query<IncidentRow & { cluster: string | null; alerts: number; evidence: number }>(
    `SELECT i.*, c.name AS cluster,
            (SELECT count(*)::int FROM alert a WHERE a."incidentId" = i.id) AS alerts,
            (SELECT count(*)::int FROM incident_evidence_link l WHERE l."incidentId" = i.id AND l.active) AS evidence
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId" ${w}
      ORDER BY i."detectedAt" DESC, i.number DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return {
    total: Number(total[0].n),
    page,
    pageSize,
    items: rows.map((r) => ({
      ...r,
      mttdSeconds: r.startedConfidence === "unknown" ? null : secs(r.detectedAt, r.startedAt),
      containSeconds: secs(r.containedAt, r.detectedAt),
      resolveSeconds: secs(r.resolvedAt, r.detectedAt),
      problems: clockProblems(r),
    })),
  };
}

export interface EvidenceItem {
  id: string;
  kind: string;
  ref: string;
  occurredAt: Date;
  namespace: string | null;
  workload: string | null;
  severity: string | null;
  summary: string;
  data: Record<string, unknown>;
  cluster: string | null;
  origin?: string;
  active?: boolean;
}

export async function getIncident(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", `Incident ${id.slice(0, 40)} not found`);
  const sql = sqlOfPg(pool());
  const rows = await sql.query<IncidentRow & { cluster: string | null }>(
    `SELECT i.*, c.name AS cluster FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId" WHERE i.id = $1`,
    [id],
  );
  const inc = rows[0];
  if (!inc) throw new AppError("not_found", `Incident ${id} not found`);
  const [alerts, evidence, timeline, findings, candidates] = await Promise.all([
    sql.query<{
      id: string;
      alertname: string;
      status: string;
      severity: string | null;
      startsAt: Date;
      endsAt: Date | null;
      fingerprint: string;
      summary: string | null;
      labels: Record<string, string>;
    }>(
      `SELECT id, alertname, status, severity, "startsAt", "endsAt", fingerprint, summary, labels FROM alert WHERE "incidentId" = $1 ORDER BY "startsAt"`,
      [id],
    ),
    sql.query<EvidenceItem>(
      `SELECT e.id, e.kind, e.ref, e."occurredAt", e.namespace, e.workload, e.severity, e.summary, e.data, c.name AS cluster, l.origin, l.active
         FROM incident_evidence_link l JOIN incident_evidence e ON e.id = l."evidenceId" LEFT JOIN cluster c ON c.id = e."clusterId"
        WHERE l."incidentId" = $1 ORDER BY e."occurredAt"`,
      [id],
    ),
    sql.query<TimelineRow>(
      `SELECT id, at, kind, "actorType", "actorLabel", reason, data FROM incident_event WHERE "incidentId" = $1 ORDER BY seq`,
      [id],
    ),
    sql
      .query<{
        id: string;
        rule: string;
        title: string;
        status: string;
        detectedAt: Date;
        subjectKey: string;
        cluster: string | null;
        namespace: string | null;
        lineageId: string | null;
        lineageLabel: string | null;
      }>(
        `SELECT f.id, f.rule, f.title, f.status, f."detectedAt", f."subjectKey", c.name AS cluster, f.namespace,
                l.id AS "lineageId", l.label AS "lineageLabel"
           FROM finding f LEFT JOIN cluster c ON c.id = f."clusterId"
           LEFT JOIN certificate_lineage l ON f."subjectKey" = 'lineage:' || l.id::text
          WHERE f."incidentId" = $1 ORDER BY f."detectedAt"`,
        [id],
      )
      .then((fs) => fs.map((f) => ({ ...f, subject: findingSubject(f) }))),
    // Evidence an operator may link by hand: same cluster, from 2 h before detection to 2 h after, not linked yet.
    sql.query<EvidenceItem>(
      `SELECT e.id, e.kind, e.ref, e."occurredAt", e.namespace, e.workload, e.severity, e.summary, e.data, c.name AS cluster
         FROM incident_evidence e LEFT JOIN cluster c ON c.id = e."clusterId"
        WHERE e."clusterId" IS NOT DISTINCT FROM $2 AND e."occurredAt" BETWEEN $3::timestamptz - interval '2 hours' AND $3::timestamptz + interval '2 hours'
          AND NOT EXISTS (SELECT 1 FROM incident_evidence_link l WHERE l."incidentId" = $1 AND l."evidenceId" = e.id AND l.active)
        ORDER BY e."occurredAt" LIMIT 100`,
      [id, inc.clusterId, inc.detectedAt],
    ),
  ]);
  return {
    incident: {
      ...inc,
      mttdSeconds: inc.startedConfidence === "unknown" ? null : secs(inc.detectedAt, inc.startedAt),
      containSeconds: secs(inc.containedAt, inc.detectedAt),
      resolveSeconds: secs(inc.resolvedAt, inc.detectedAt),
      problems: clockProblems(inc),
      evidenceWindow: { from: new Date(inc.detectedAt.getTime() - EVIDENCE_WINDOW_MS), to: inc.detectedAt },
    },
    alerts,
    evidence,
    timeline,
    findings,
    candidates,
  };
}

export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;

export async function incidentClusters(): Promise<string[]> {
  const rows = await sqlOfPg(pool()).query<{ name: string }>(
    `SELECT DISTINCT c.name FROM incident i JOIN cluster c ON c.id = i."clusterId" ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
