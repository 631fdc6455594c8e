// Policy reports (docs/ingest-formats.md): wgpolicyk8s.io v1alpha1 / v1alpha2 / v1beta1 PolicyReport and
// ClusterPolicyReport, their successor group reports.x-k8s.io (v1beta1, v1beta2), and openreports.io
// v1alpha1 Report / ClusterReport: one results shape. Kyverno ≥1.11 keeps one report per resource (`scope`);
// older versions and most adapters one per namespace with `results[].resources[]`. Adapters put their
// engine in each result's `source` (kyverno, kube-bench, falco, kubearmor, Trivy…), so that is the engine.
//
// Reports are current state, kept per report object (cluster, group/kind, namespace, name): each report
// becomes one record that replaces that object's state. A List is also a *listing*: `kind: List` (kubectl
// get -o json) or a typed `PolicyReportList` / `ClusterPolicyReportList` / `ReportList` /
// `ClusterReportList` (the API server's answer) without `metadata.continue` is the full set of the cluster's
// reports of the kinds it holds (a typed List names its kind even when empty), so reports of those kinds
// it no longer holds are removed. A JSON array of reports, a single report, or a List page (with
// `metadata.continue`) only updates the reports it holds.
//
// Kubernetes watch events (`kubectl get … --watch --output-watch-events -o json`, or Posture's agent) come as a
// JSON array of {type, object}: ADDED and MODIFIED carry a report's state, DELETED says the object is gone,
// BOOKMARK only moves the watcher's position (ignored).
import type { ParseItem, PayloadSource, Rejection } from "@/lib/ingest/types";
import { isSeverity } from "@/lib/severity";
import type {
  ComplianceResult,
  ComplianceSnapshot,
  PolicyRecord,
  ReportListing,
  ReportOutcome,
  ReportRemoval,
} from "../types";
import { clip, envelopes, isObj, type Obj, obj, parseDocument, parseTime, sha256, str } from "./json";

const KINDS = new Set(["PolicyReport", "ClusterPolicyReport", "Report", "ClusterReport"]);
const GROUPS = /^(wgpolicyk8s\.io|reports\.x-k8s\.io|openreports\.io)\/v\d+((alpha|beta)\d+)?$/;
const LIST_KINDS = new Map([
  ["PolicyReportList", "PolicyReport"],
  ["ClusterPolicyReportList", "ClusterPolicyReport"],
  ["ReportList", "Report"],
  ["ClusterReportList", "ClusterReport"],
]);
const OUTCOMES = new Set<ReportOutcome>(["pass", "fail", "warn", "error", "skip"]);

/** "wgpolicyk8s.io/v1alpha2" + "PolicyReport" → "wgpolicyk8s.io/PolicyReport": versions serve one object. */
export const reportKindKey = (apiVersion: string, kind: string) => `${apiVersion.split("/")[0]}/${kind}`;

/** An engine name from a result's `source` (Trivy → trivy, "Kube Bench" → kube-bench). */
export function engineOf(source: unknown): string | null {
  const s = str(source, 200)
    ?.toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s ? s.slice(0, 63) : null;
}

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

export interface ReportObject {
  /** group/kind, e.g. "wgpolicyk8s.io/PolicyReport". */
  kind: string;
  namespace: string;
  name: string;
}

/** One report item → its identity and results, or the reason it is not a report; bad results by index. */
export function reportResults(
  item: unknown,
): { object: ReportObject | null; results: ComplianceResult[]; errors: string[] } | string {
  if (!isObj(item)) return "not a PolicyReport (expected an object)";
  const kind = str(item.kind);
  const api = str(item.apiVersion) ?? "";
  if (!kind || !KINDS.has(kind) || !GROUPS.test(api)) {
    return `not a PolicyReport (kind ${kind ?? "?"}, apiVersion ${api || "?"})`;
  }
  if (item.results !== undefined && item.results !== null && !Array.isArray(item.results))
    return "results: not an array";
  const scope = isObj(item.scope) ? item.scope : null;
  const meta = obj(item.metadata);
  const nsDefault = str(meta.namespace, 253);
  const name = str(meta.name, 253);
  const clusterScoped = kind.startsWith("Cluster");
  const object = name
    ? { kind: reportKindKey(api, kind), namespace: clusterScoped ? "" : (nsDefault ?? ""), name }
    : null;
  // Where a result names no source: the report's own (openreports), else who manages the report.
  const labels = obj(meta.labels);
  const fallbackEngine =
    engineOf(item.source) ?? engineOf(labels["app.kubernetes.io/managed-by"]) ?? "unknown";
  const results: ComplianceResult[] = [];
  const errors: string[] = [];
  for (const [i, r] of ((item.results as unknown[] | undefined) ?? []).entries()) {
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
        `results[${i}]: result "${String(r.result ?? "").slice(0, 20)}" is not pass|fail|warn|error|skip`,
      );
      continue;
    }
    const sev = str(r.severity)?.toLowerCase() ?? null;
    const res = resourceOf(r, scope);
    results.push({
      engine: engineOf(r.source) ?? fallbackEngine,
      policy,
      rule: str(r.rule, 250),
      outcome,
      severity: isSeverity(sev) ? sev : null,
      category: str(r.category, 250),
      ...res,
      resourceNamespace: res.resourceNamespace ?? (clusterScoped ? null : nsDefault),
      message: clip(str(r.message, 2000) ?? str(r.description, 2000), 1000),
      time: parseTime(r.timestamp),
      count: 1,
      action: null,
    });
  }
  return { object, results, errors };
}

/** Is this payload a listing (kubectl List or a typed report List), and is it complete? */
function listingOf(payload: unknown): { typedKind: string | null; complete: boolean } | null {
  if (!isObj(payload) || !Array.isArray(payload.items)) return null;
  const kind = str(payload.kind);
  const api = str(payload.apiVersion) ?? "";
  let typedKind: string | null = null;
  if (kind && LIST_KINDS.has(kind) && GROUPS.test(api))
    typedKind = reportKindKey(api, LIST_KINDS.get(kind) as string);
  else if (kind !== "List") return null;
  return { typedKind, complete: !str(obj(payload.metadata).continue) };
}

const WATCH_TYPES = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);
/** A Kubernetes watch event: {type, object}, nothing else at the top. */
const isWatchEvent = (v: unknown): v is { type: string; object: unknown } =>
  isObj(v) && typeof v.type === "string" && WATCH_TYPES.has(v.type) && "object" in v && !("kind" in v);

export function policyReportSnapshots(doc: unknown): {
  snapshots: ComplianceSnapshot[];
  listings: ReportListing[];
  removals: ReportRemoval[];
  rejects: Rejection[];
} {
  const snapshots: ComplianceSnapshot[] = [];
  const listings: ReportListing[] = [];
  const removals: ReportRemoval[] = [];
  const rejects: Rejection[] = [];
  envelopes(doc).forEach((env, e) => {
    const payload = env.payload;
    const list = listingOf(payload);
    const items = list ? (obj(payload).items as unknown[]) : Array.isArray(payload) ? payload : [payload];
    const kinds = new Set<string>(list?.typedKind ? [list.typedKind] : []);
    const present: ReportObject[] = [];
    const gone: ReportObject[] = [];
    items.forEach((entry, i) => {
      const where = items.length > 1 || payload !== entry ? `items[${i}]` : "report";
      const event = isWatchEvent(entry) ? entry : null;
      if (event?.type === "BOOKMARK") return;
      if (event?.type === "ERROR") {
        rejects.push({ index: e, reason: `${where}: a watch ERROR event, not a report` });
        return;
      }
      const it = event ? event.object : entry;
      const r = reportResults(it);
      if (typeof r === "string") {
        rejects.push({ index: e, reason: `${where}: ${r}` });
        return;
      }
      if (event?.type === "DELETED" && r.object) {
        gone.push(r.object); // its results no longer matter
        return;
      }
      for (const err of r.errors) rejects.push({ index: e, reason: `${where}.${err}` });
      if (!r.object) {
        rejects.push({ index: e, reason: `${where}: metadata.name is required to keep the report's state` });
        return;
      }
      kinds.add(r.object.kind);
      // Kept in the listing even when refused: a report without a valid result changes nothing (its
      // earlier state stays), it is not "gone".
      present.push(r.object);
      if (!r.results.length) {
        rejects.push({
          index: e,
          reason: `${where}: ${r.object.name} holds no valid result; its state is left as it was`,
        });
        return;
      }
      snapshots.push({
        source: "policyreport",
        cluster: env.cluster,
        collectedAt: env.collectedAt,
        report: r.object,
        results: r.results,
        contentHash: sha256(JSON.stringify(r.results)),
      });
    });
    if (list?.complete && kinds.size)
      listings.push({ cluster: env.cluster, collectedAt: env.collectedAt, kinds: [...kinds], present });
    if (gone.length) removals.push({ cluster: env.cluster, collectedAt: env.collectedAt, objects: gone });
  });
  return { snapshots, listings, removals, rejects };
}

export async function* parsePolicyReport(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  const doc = parseDocument(await input.text(), "PolicyReport");
  const { snapshots, listings, removals, rejects } = policyReportSnapshots(doc);
  for (const r of rejects) yield { ok: false, ref: { index: r.index }, reason: r.reason };
  for (const [i, s] of snapshots.entries())
    yield { ok: true, ref: { index: i }, record: { type: "snapshot", snapshot: s } };
  // After the reports: a listing removes what it no longer holds once the reports it holds are stored.
  for (const [i, l] of listings.entries())
    yield { ok: true, ref: { index: i }, record: { type: "listing", listing: l } };
  for (const [i, r] of removals.entries())
    yield { ok: true, ref: { index: i }, record: { type: "removal", removal: r } };
}

export function sniffPolicyReport(head: string): boolean {
  return /wgpolicyk8s\.io\/|reports\.x-k8s\.io\/|openreports\.io\//.test(head);
}
