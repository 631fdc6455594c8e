// OPA Gatekeeper: constraints (`kubectl get constraints -o json`) with status.violations
// and status.totalViolations (the list is capped at --constraint-violations-limit, so the total is the
// count), or the audit pod's JSON log lines of one audit run. Gatekeeper reports no passes.

import { badRequest } from "@/lib/errors";
import type { ParseItem, PayloadSource, Rejection } from "@/lib/ingest/types";
import type { ComplianceResult, ComplianceSnapshot, PolicyRecord } from "../types";
import { clip, envelopes, isObj, itemsOf, obj, parseDocument, parseTime, sha256, str } from "./json";

function violationRow(
  constraint: string,
  kind: string,
  v: Record<string, unknown>,
  action: string | null,
): ComplianceResult {
  return {
    engine: "gatekeeper",
    policy: constraint,
    rule: kind,
    outcome: "fail",
    severity: null,
    category: null,
    resourceKind: str(v.kind),
    resourceNamespace: str(v.namespace),
    resourceName: str(v.name, 250),
    message: clip(str(v.message, 2000), 1000),
    time: null,
    count: 1,
    action: str(v.enforcementAction) ?? action,
  };
}

/** One constraint → its violation rows (plus one row for violations beyond the listed ones). */
export function constraintResults(item: unknown): ComplianceResult[] | string {
  if (!isObj(item)) return "not a Gatekeeper constraint (expected an object)";
  const api = str(item.apiVersion) ?? "";
  if (!api.startsWith("constraints.gatekeeper.sh/"))
    return `not a Gatekeeper constraint (apiVersion ${api || "?"})`;
  const kind = str(item.kind) ?? "Constraint";
  const name = str(obj(item.metadata).name, 250);
  if (!name) return "metadata.name is required";
  const status = obj(item.status);
  const action = str(obj(item.spec).enforcementAction) ?? "deny";
  const listed = Array.isArray(status.violations) ? status.violations.filter(isObj) : [];
  const total = Number.isInteger(status.totalViolations) ? Number(status.totalViolations) : listed.length;
  if (total < 0) return "status.totalViolations: negative";
  const at = parseTime(status.auditTimestamp);
  const rows = listed.slice(0, total).map((v) => ({ ...violationRow(name, kind, v, action), time: at }));
  if (total > rows.length) {
    rows.push({
      ...violationRow(name, kind, {}, action),
      time: at,
      count: total - rows.length,
      message: `${total - rows.length} more violations not listed (--constraint-violations-limit)`,
    });
  }
  return rows;
}

export function constraintSnapshots(doc: unknown): { snapshots: ComplianceSnapshot[]; rejects: Rejection[] } {
  const snapshots: ComplianceSnapshot[] = [];
  const rejects: Rejection[] = [];
  envelopes(doc).forEach((env, e) => {
    const items = itemsOf(env.payload);
    const results: ComplianceResult[] = [];
    let constraints = 0;
    let latestAudit: Date | null = null;
    items.forEach((it, i) => {
      const r = constraintResults(it);
      if (typeof r === "string") {
        rejects.push({ index: e, reason: `items[${i}]: ${r}` });
        return;
      }
      constraints++;
      const at = parseTime(obj(obj(it).status).auditTimestamp);
      if (at && (!latestAudit || at > latestAudit)) latestAudit = at;
      results.push(...r);
    });
    if (constraints === 0 && items.length > 0) return;
    snapshots.push({
      source: "gatekeeper",
      cluster: env.cluster,
      collectedAt: env.collectedAt ?? latestAudit,
      results,
      contentHash: sha256(JSON.stringify(env.payload)),
    });
  });
  return { snapshots, rejects };
}

/** Audit log lines of runs (audit_started … violation_audited … audit_finished): one snapshot per run. */
export function auditLogSnapshots(text: string): { snapshots: ComplianceSnapshot[]; rejects: Rejection[] } {
  const rejects: Rejection[] = [];
  const runs = new Map<string, { results: ComplianceResult[]; finished: Date | null; lines: string[] }>();
  text.split("\n").forEach((raw, i) => {
    const t = raw.trim();
    if (!t) return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      rejects.push({ line: i + 1, reason: `not JSON: ${(e as Error).message.slice(0, 120)}` });
      return;
    }
    if (!isObj(v) || !str(v.event_type) || !str(v.audit_id)) {
      rejects.push({ line: i + 1, reason: "not a Gatekeeper audit event (no event_type / audit_id)" });
      return;
    }
    const id = String(v.audit_id);
    const run = runs.get(id) ?? { results: [], finished: null, lines: [] };
    runs.set(id, run);
    run.lines.push(t);
    if (v.event_type === "audit_finished") run.finished = parseTime(v.ts);
    if (v.event_type !== "violation_audited") return;
    const name = str(v.constraint_name, 250);
    if (!name) {
      rejects.push({ line: i + 1, reason: "violation_audited without constraint_name" });
      return;
    }
    run.results.push({
      ...violationRow(
        name,
        str(v.constraint_kind) ?? "Constraint",
        {
          kind: v.resource_kind,
          namespace: v.resource_namespace,
          name: v.resource_name,
          message: v.msg,
        },
        str(v.constraint_action),
      ),
      time: parseTime(v.ts),
    });
  });
  const snapshots: ComplianceSnapshot[] = [];
  for (const run of runs.values()) {
    // A run without audit_finished is incomplete: its counts would understate the violations.
    if (!run.finished) {
      rejects.push({
        index: snapshots.length,
        reason: "audit run has no audit_finished event (incomplete run)",
      });
      continue;
    }
    snapshots.push({
      source: "gatekeeper",
      cluster: null,
      collectedAt: run.finished,
      results: run.results,
      contentHash: sha256(run.lines.join("\n")),
    });
  }
  return { snapshots, rejects };
}

export async function* parseGatekeeper(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  const text = await input.text();
  const first = text.replace(/^\uFEFF/, "").trimStart();
  const firstLine = first.split("\n", 1)[0];
  const isAuditLog =
    first.startsWith("{") && /"event_type"\s*:/.test(firstLine) && !/"payload"\s*:/.test(firstLine);
  const { snapshots, rejects } = isAuditLog
    ? auditLogSnapshots(text)
    : constraintSnapshots(parseDocument(text, "Gatekeeper"));
  if (!isAuditLog && snapshots.length === 0 && rejects.length === 0)
    throw badRequest("No Gatekeeper constraints in the body");
  for (const r of rejects)
    yield { ok: false, ref: r.line ? { line: r.line } : { index: r.index }, reason: r.reason };
  for (const [i, s] of snapshots.entries())
    yield { ok: true, ref: { index: i }, record: { type: "snapshot", snapshot: s } };
}

export function sniffGatekeeper(head: string): boolean {
  return (
    /constraints\.gatekeeper\.sh\//.test(head) ||
    (/"event_type"\s*:\s*"audit_/.test(head) && /"audit_id"/.test(head))
  );
}
