// A policy decision as one row of policy_decision, in the column order shared by the COPY staging table,
// the unnest() source and the insert (lib/policy/mutations.ts), and by the ingest benchmark's COPY baseline.
import { copyField } from "./copy-format";
import type { PolicyDecision, PreparedDecision } from "./types";

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

const K = "\u0000";

/**
 * What the store needs of a decision, with its COPY text built around the two ids it cannot know yet
 * (copyLineOf(preparedDecision(d), c, b) is copyLine(rowOf(d, c, b))). Built in the parse worker
 * (lib/policy/worker-formats.ts), or by the store for decisions parsed in the request thread.
 */
export function preparedDecision(d: PolicyDecision): PreparedDecision {
  const ms = d.time.getTime();
  const deny = d.result === "deny";
  return [
    ms,
    d.cluster,
    `${d.engine}${K}${d.decisionId}${K}${ms}`,
    `${copyField(d.engine)}\t${copyField(d.decisionId)}\t${d.time.toISOString()}\t`,
    `\t${copyField(d.policy)}\t${copyField(d.rule)}\t${copyField(d.subject)}\t${copyField(d.target)}\t${copyField(d.action)}\t${copyField(d.result)}\t${copyField(d.reason)}\t${copyField(d.severity)}\t${copyField(JSON.stringify(d.details))}\t`,
    `${d.engine}${K}${d.result}`,
    deny
      ? `${d.engine}${K}${d.policy ?? ""}${K}${d.rule ?? ""}${K}${d.subject ?? ""}${K}${d.target ?? ""}`
      : null,
    deny ? d : null,
  ];
}

/** The COPY line of a prepared decision (the ids are UUIDs: nothing to escape). */
export const copyLineOf = (p: PreparedDecision, clusterId: string, batchId: string): string =>
  `${p[3]}${clusterId}${p[4]}${batchId}\n`;

const UNESCAPE: Record<string, string> = { t: "\t", n: "\n", r: "\r" };

/** The row of a prepared decision, read back from its COPY text (where there is no COPY: PGlite). */
export function rowOfPrepared(p: PreparedDecision, clusterId: string, batchId: string): Row {
  const field = (f: string) =>
    f === "\\N" ? null : f.replace(/\\(.)/g, (_m, c: string) => UNESCAPE[c] ?? c);
  const head = p[3].split("\t").slice(0, 3).map(field);
  const tail = p[4].split("\t").slice(1, -1).map(field);
  return [...head, clusterId, ...tail, batchId];
}
