import "server-only";
import type { Sql } from "@/lib/db/sql";
import { EVIDENCE_WINDOW_MS } from "./clock";

/**
 * The evidence hook for every domain (docs/kpis.md, incident timestamps): Falco events (this domain), findings, denied
 * decisions (lib/policy), dropped flows (lib/telemetry) are recorded here with the subject they concern.
 * Call recordEvidence in the ingest transaction and then linkEvidenceToIncidents with the returned ids,
 * so incidents whose window [detectedAt − 30 min, detectedAt] holds the evidence pick it up.
 * `ref` is the record's own identity (decision id, flow uuid…); the same kind + ref twice is stored once.
 */
export interface EvidenceInput {
  kind: "falco" | "finding" | "decision" | "flow" | (string & {});
  ref: string;
  occurredAt: Date;
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  severity?: string | null;
  summary: string;
  data?: Record<string, unknown>;
  batchId?: string | null;
  demo?: boolean;
}

/** Inserts evidence rows; returns the ids of the new ones (duplicates of kind + ref are skipped). */
export async function recordEvidence(sql: Sql, input: readonly EvidenceInput[]): Promise<string[]> {
  if (input.length === 0) return [];
  // Inserted in a fixed order (kind, ref): two batches holding the same evidence then never wait on each
  // other's unique-key entries in opposite orders (a deadlock).
  // Each key built once (a comparator that builds them costs two strings per comparison).
  const items = input
    .map((e) => ({ key: `${e.kind}\u0000${e.ref}`, e }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.e);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO incident_evidence (kind, ref, "occurredAt", "clusterId", namespace, workload, severity, summary, data, "batchId", demo)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::jsonb[], $10::uuid[], $11::boolean[])
     ON CONFLICT (kind, ref) DO NOTHING RETURNING id`,
    [
      items.map((i) => i.kind),
      items.map((i) => i.ref),
      items.map((i) => i.occurredAt),
      items.map((i) => i.clusterId),
      items.map((i) => i.namespace),
      items.map((i) => i.workload),
      items.map((i) => i.severity ?? null),
      items.map((i) => i.summary.slice(0, 2000)),
      items.map((i) => JSON.stringify(i.data ?? {})),
      items.map((i) => i.batchId ?? null),
      items.map((i) => !!i.demo),
    ],
  );
  return rows.map((r) => r.id);
}

/** The incident columns (or bound parameters) the automatic-linking rule reads. */
interface IncidentTerms {
  clusterId: string;
  namespace: string;
  workload: string;
  alertSubject: string;
  detectedAt: string;
  windowMs: string;
}

/**
 * Whether evidence row `e` belongs to the incident automatically: same cluster, in [detected − 30 min,
 * detected], and about the same subject. A workload incident takes the evidence of its namespace and
 * workload. An incident about a node (alert subject "<alertname> node=<name>") takes the Falco events of
 * that node: Falco runs on every node and reports it as `hostname` (the official chart sets FALCO_HOSTNAME
 * from spec.nodeName), so each of its events happened on that machine. Nothing else carries a node
 * honestly (a flow's node is only where it was observed; findings name workloads), and subjects naming a
 * scrape instance, a service or a job name no machine any evidence names: those are linked by hand.
 * One rule, written once, for both directions (new evidence → incidents, incident → its evidence).
 */
function linkable(i: IncidentTerms): string {
  return `e."clusterId" = ${i.clusterId}
      AND e."occurredAt" >= ${i.detectedAt} - (${i.windowMs}::int * interval '1 millisecond') AND e."occurredAt" <= ${i.detectedAt}
      AND ((${i.alertSubject} IS NULL AND e.namespace IS NOT DISTINCT FROM ${i.namespace} AND e.workload IS NOT DISTINCT FROM ${i.workload})
        OR (e.kind = 'falco' AND e.data->>'hostname' = substring(${i.alertSubject} from ' node=(.+)$')))`;
}

/** Incidents whose automatic-linking window holds any of these evidence rows (linkable above). */
export async function incidentsForEvidence(sql: Sql, evidenceIds: readonly string[]): Promise<string[]> {
  if (evidenceIds.length === 0) return [];
  const rows = await sql.query<{ id: string }>(
    `SELECT DISTINCT i.id FROM incident_evidence e
       JOIN incident i ON ${linkable({
         clusterId: `i."clusterId"`,
         namespace: "i.namespace",
         workload: "i.workload",
         alertSubject: `i."alertSubject"`,
         detectedAt: `i."detectedAt"`,
         windowMs: "$2",
       })}
      WHERE e.id = ANY($1::uuid[]) ORDER BY i.id`,
    [evidenceIds, EVIDENCE_WINDOW_MS],
  );
  return rows.map((r) => r.id);
}

/**
 * Links the evidence in the incident's window automatically. Findings are copied into the evidence
 * table first (kind "finding"), so one query covers every kind. Links an operator removed stay removed.
 */
export async function autoLinkEvidence(
  sql: Sql,
  inc: {
    id: string;
    clusterId: string | null;
    namespace: string | null;
    workload: string | null;
    alertSubject?: string | null;
    detectedAt: Date;
    demo: boolean;
  },
): Promise<string[]> {
  if (!inc.clusterId) return [];
  const scope = [inc.clusterId, inc.namespace, inc.workload, inc.detectedAt, EVIDENCE_WINDOW_MS];
  // Findings name workloads: an incident about a node or a scrape target has none to copy.
  if (!inc.alertSubject)
    await sql.query(
      `INSERT INTO incident_evidence (kind, ref, "occurredAt", "clusterId", namespace, workload, severity, summary, data, demo)
       SELECT 'finding', f.id::text, f."startedAt", f."clusterId", f.namespace, f.workload, f.severity, f.title,
              jsonb_build_object('rule', f.rule, 'subjectKey', f."subjectKey", 'detectedAt', f."detectedAt"), f.demo
         FROM finding f
        WHERE f."clusterId" = $1 AND f.namespace IS NOT DISTINCT FROM $2 AND f.workload IS NOT DISTINCT FROM $3
          AND f."startedAt" >= $4::timestamptz - ($5::int * interval '1 millisecond') AND f."startedAt" <= $4
       ON CONFLICT (kind, ref) DO UPDATE SET "occurredAt" = EXCLUDED."occurredAt"`,
      scope,
    );
  const rows = await sql.query<{ evidenceId: string }>(
    `INSERT INTO incident_evidence_link ("incidentId", "evidenceId", origin)
     SELECT $6, e.id, 'auto' FROM incident_evidence e
      WHERE ${linkable({
        clusterId: "$1::uuid",
        namespace: "$2::text",
        workload: "$3::text",
        alertSubject: "$7::text",
        detectedAt: "$4::timestamptz",
        windowMs: "$5",
      })}
     ON CONFLICT ("incidentId", "evidenceId") DO NOTHING RETURNING "evidenceId"`,
    [...scope, inc.id, inc.alertSubject ?? null],
  );
  return rows.map((r) => r.evidenceId);
}
