// A policy decision as one row of policy_decision, in the column order shared by the COPY staging table,
// the unnest() source and the insert (lib/policy/mutations.ts), and by the ingest benchmark's COPY baseline.
import type { PolicyDecision } from "./types";

export const COLS = [
  "engine",
  "decisionId",
  "time",
  "clusterId",
  "policy",
  "rule",
  "subject",
  "target",
  "action",
  "result",
  "reason",
  "severity",
  "details",
  "batchId",
] as const;
export const TYPES = [
  "text",
  "text",
  "timestamptz",
  "uuid",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "jsonb",
  "uuid",
];
/** The column list, quoted, for SQL. */
export const QCOLS = COLS.map((c) => `"${c}"`).join(", ");

export type Row = (string | null)[];

export function rowOf(d: PolicyDecision, clusterId: string | null, batchId: string): Row {
  return [
    d.engine,
    d.decisionId,
    d.time.toISOString(),
    clusterId,
    d.policy,
    d.rule,
    d.subject,
    d.target,
    d.action,
    d.result,
    d.reason,
    d.severity,
    JSON.stringify(d.details),
    batchId,
  ];
}
