import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { durationStats } from "@/lib/kpi/stats";

export interface FindingFilters {
  status?: "open" | "resolved" | null;
  rule?: string | null;
  cluster?: string | null;
  severity?: string | null;
  limit?: number;
}

export interface FindingItem {
  id: string;
  rule: string;
  severity: string;
  subjectKey: string;
  title: string;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  startedAt: Date;
  detectedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  status: string;
  incidentId: string | null;
  incidentNumber: number | null;
  demo: boolean;
  /** detectedAt − startedAt */
  latencySeconds: number;
  /** resolvedAt − detectedAt, for resolved findings */
  remediateSeconds: number | null;
  /** The certificate lineage a certificate finding is about (its subject key is `lineage:<id>`). */
  lineageId: string | null;
  /** What the finding is about, for people: the certificate's name where the key is a lineage id. */
  subject: string;
}

type FindingRow = Omit<FindingItem, "latencySeconds" | "remediateSeconds" | "subject"> & {
  lineageLabel: string | null;
};

/** A lineage id means nothing to a reader: show cluster/namespace and the certificate's label instead. */
export function findingSubject(f: {
  subjectKey: string;
  cluster: string | null;
  namespace: string | null;
  lineageLabel: string | null;
}): string {
  if (!f.lineageLabel) return f.subjectKey;
  const where = [f.cluster, f.namespace].filter(Boolean).join("/");
  return where ? `${where} · ${f.lineageLabel}` : f.lineageLabel;
}

export function parseFindingFilters(p: URLSearchParams): FindingFilters {
  const status = p.get("status") || null;
  if (status && status !== "open" && status !== "resolved")
    throw new AppError("bad_request", "status must be open or resolved");
  return {
    status: status as FindingFilters["status"],
    rule: p.get("rule") || null,
    cluster: p.get("cluster") || null,
    severity: p.get("severity") || null,
  };
}

export async function listFindings(f: FindingFilters = {}): Promise<FindingItem[]> {
  const rows = await sqlOfPg(pool()).query<FindingRow>(
    `SELECT f.id, f.rule, f.severity, f."subjectKey", f.title, c.name AS cluster, f.namespace, f.workload, f."startedAt", f."detectedAt",
            f."lastSeenAt", f."resolvedAt", f.status, f."incidentId", i.number AS "incidentNumber", f.demo,
            l.id AS "lineageId", l.label AS "lineageLabel"
       FROM finding f LEFT JOIN cluster c ON c.id = f."clusterId" LEFT JOIN incident i ON i.id = f."incidentId"
       LEFT JOIN certificate_lineage l ON f."subjectKey" = 'lineage:' || l.id::text
      WHERE ($1::text IS NULL OR ($1 = 'open' AND f."resolvedAt" IS NULL) OR ($1 = 'resolved' AND f."resolvedAt" IS NOT NULL))
        AND ($2::text IS NULL OR f.rule = $2) AND ($3::text IS NULL OR c.name = $3) AND ($4::text IS NULL OR f.severity = $4)
      ORDER BY f."resolvedAt" IS NULL DESC, f."detectedAt" DESC LIMIT $5`,
    [f.status ?? null, f.rule ?? null, f.cluster ?? null, f.severity ?? null, f.limit ?? 500],
  );
  return rows.map(({ lineageLabel, ...r }) => ({
    ...r,
    subject: findingSubject({ ...r, lineageLabel }),
    latencySeconds: (r.detectedAt.getTime() - r.startedAt.getTime()) / 1000,
    remediateSeconds: r.resolvedAt ? (r.resolvedAt.getTime() - r.detectedAt.getTime()) / 1000 : null,
  }));
}

/** Detection latency and time to remediate over the listed findings, with the KPI statistics (lib/kpi/stats.ts). */
export function findingFigures(items: readonly FindingItem[]) {
  return {
    detectionLatency: durationStats(items.map((f) => f.latencySeconds).filter((s) => s >= 0)),
    timeToRemediate: durationStats(
      items.flatMap((f) =>
        f.remediateSeconds !== null && f.remediateSeconds >= 0 ? [f.remediateSeconds] : [],
      ),
    ),
    open: items.filter((f) => !f.resolvedAt).length,
    escalated: items.filter((f) => f.incidentId).length,
  };
}

export async function findingRules(): Promise<string[]> {
  const rows = await sqlOfPg(pool()).query<{ rule: string }>(`SELECT DISTINCT rule FROM finding ORDER BY 1`);
  return rows.map((r) => r.rule);
}
