// wgpolicyk8s.io/v1alpha2 PolicyReport / ClusterPolicyReport, also openreports.io Report /
// ClusterReport (same results shape). Kyverno ≥1.11 keeps one report per resource (`scope`); older
// versions one per namespace with `results[].resources[]`. Reports are current state: each envelope (or
// raw List) becomes one snapshot of the cluster; results are counted per result, as `summary` counts them.
import type { ParseItem, PayloadSource, Rejection } from "@/lib/ingest/types";
import {
  clip,
  envelopes,
  isObj,
  itemsOf,
  type Obj,
  obj,
  parseDocument,
  parseTime,
  sha256,
  str,
} from "../json";
import type { ComplianceResult, ComplianceSnapshot, PolicyRecord, ReportOutcome } from "../types";

const KINDS = new Set(["PolicyReport", "ClusterPolicyReport", "Report", "ClusterReport"]);
const OUTCOMES = new Set<ReportOutcome>(["pass", "fail", "warn", "error", "skip"]);
const SEVERITIES = new Set(["critical", "high", "medium", "low", "info"]);

function resourceOf(r: Obj, scope: Obj | null) {
  const res = Array.isArray(r.resources) && isObj(r.resources[0]) ? r.resources[0] : scope;
  if (!res) return { resourceKind: null, resourceNamespace: null, resourceName: null };
  const extra =
    Array.isArray(r.resources) && r.resources.length > 1 ? ` (+${r.resources.length - 1} more)` : "";
  const name = str(res.name, 250);
  return {
    resourceKind: str(res.kind),
    resourceNamespace: str(res.namespace),
    resourceName: name ? name + extra : null,
  };
}

/** One report item → its results, or the reason it is not a report; bad results are listed by index. */
export function reportResults(item: unknown): { results: ComplianceResult[]; errors: string[] } | string {
  if (!isObj(item)) return "not a PolicyReport (expected an object)";
  const kind = str(item.kind);
  const api = str(item.apiVersion) ?? "";
  if (!kind || !KINDS.has(kind) || !/^(wgpolicyk8s\.io|openreports\.io)\//.test(api)) {
    return `not a PolicyReport (kind ${kind ?? "?"}, apiVersion ${api || "?"})`;
  }
  if (item.results !== undefined && !Array.isArray(item.results)) return "results: not an array";
  const scope = isObj(item.scope) ? item.scope : null;
  const meta = obj(item.metadata);
  const nsDefault = str(meta.namespace);
  const results: ComplianceResult[] = [];
  const errors: string[] = [];
  for (const [i, r] of ((item.results as unknown[]) ?? []).entries()) {
    if (!isObj(r)) {
      errors.push(`results[${i}]: not an object`);
      continue;
    }
    const policy = str(r.policy, 250);
    if (!policy) {
      errors.push(`results[${i}]: policy is required`);
      continue;
    }
    const outcome = str(r.result) as ReportOutcome | null;
    if (!outcome || !OUTCOMES.has(outcome)) {
      errors.push(
        `results[${i}]: result "${String(r.result).slice(0, 20)}" is not pass|fail|warn|error|skip`,
      );
      continue;
    }
    const sev = str(r.severity)?.toLowerCase() ?? null;
    const res = resourceOf(r, scope);
    results.push({
      engine: "kyverno",
      policy,
      rule: str(r.rule, 250),
      outcome,
      severity: sev && SEVERITIES.has(sev) ? sev : null,
      category: str(r.category, 250),
      ...res,
      resourceNamespace: res.resourceNamespace ?? (kind.startsWith("Cluster") ? null : nsDefault),
      message: clip(str(r.message, 2000), 1000),
      time: parseTime(r.timestamp),
      count: 1,
      action: str(r.source),
    });
  }
  return { results, errors };
}

export function policyReportSnapshots(doc: unknown): {
  snapshots: ComplianceSnapshot[];
  rejects: Rejection[];
} {
  const snapshots: ComplianceSnapshot[] = [];
  const rejects: Rejection[] = [];
  envelopes(doc).forEach((env, e) => {
    const items = itemsOf(env.payload);
    const results: ComplianceResult[] = [];
    let reports = 0;
    items.forEach((it, i) => {
      const r = reportResults(it);
      const where = items.length > 1 || env.payload !== it ? `items[${i}]` : "report";
      if (typeof r === "string") {
        rejects.push({ index: e, reason: `${where}: ${r}` });
        return;
      }
      reports++;
      results.push(...r.results);
      for (const err of r.errors) rejects.push({ index: e, reason: `${where}.${err}` });
    });
    if (reports === 0 && items.length > 0) return;
    snapshots.push({
      source: "policyreport",
      cluster: env.cluster,
      collectedAt: env.collectedAt,
      results,
      contentHash: sha256(JSON.stringify(env.payload)),
    });
  });
  return { snapshots, rejects };
}

export async function* parsePolicyReport(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  const doc = parseDocument(await input.text(), "PolicyReport");
  const { snapshots, rejects } = policyReportSnapshots(doc);
  for (const r of rejects) yield { ok: false, ref: { index: r.index }, reason: r.reason };
  for (const [i, s] of snapshots.entries())
    yield { ok: true, ref: { index: i }, record: { type: "snapshot", snapshot: s } };
}

export function sniffPolicyReport(head: string): boolean {
  return /wgpolicyk8s\.io\/|openreports\.io\//.test(head);
}
