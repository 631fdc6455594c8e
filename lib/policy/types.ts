// The one normalised shape every policy format becomes. Runtime engines (OPA, Envoy/Istio,
// Cilium) yield decisions; Kyverno PolicyReports and Gatekeeper constraints are current state, so they
// yield compliance snapshots whose results use the same shape.

export const ENGINES = ["opa", "kyverno", "gatekeeper", "istio", "cilium"] as const;
export type Engine = (typeof ENGINES)[number];

export const RESULTS = ["allow", "deny", "warn", "audit", "error"] as const;
export type DecisionResult = (typeof RESULTS)[number];

/** Engines whose decisions count towards denyRate (docs/kpis.md, deny rate and compliance). */
export const RUNTIME_ENGINES: readonly Engine[] = ["opa", "istio", "cilium"];

export interface PolicyDecision {
  time: Date;
  /** Cluster named by the record itself (OPA labels, Hubble node, log shipper); else the batch's. */
  cluster: string | null;
  engine: Engine;
  /** Unique per engine: the engine's own id, or a content hash where the format has none. */
  decisionId: string;
  policy: string | null;
  rule: string | null;
  /** Who asked (SPIFFE principal, namespace/workload, user, IP). */
  subject: string | null;
  /** What was asked for (destination principal, namespace/workload, resource). */
  target: string | null;
  action: string | null;
  result: DecisionResult;
  reason: string | null;
  severity: string | null;
  /** Format-specific extras kept verbatim where useful (erased/masked, bundles, drop reason…). */
  details: Record<string, unknown>;
}

/** PolicyReport result values; compliance counts pass/fail/error and leaves warn/skip out. */
export type ReportOutcome = "pass" | "fail" | "warn" | "error" | "skip";

export interface ComplianceResult {
  /** Runtime engines, or a report result's `source` (kyverno, kube-bench, falco, kubearmor, trivy…). */
  engine: Engine | (string & {});
  policy: string;
  rule: string | null;
  outcome: ReportOutcome;
  severity: string | null;
  category: string | null;
  resourceKind: string | null;
  resourceNamespace: string | null;
  resourceName: string | null;
  message: string | null;
  time: Date | null;
  /** How many results this row stands for (Gatekeeper: violations beyond the listed ones). */
  count: number;
  action: string | null;
}

export interface ComplianceSnapshot {
  source: "policyreport" | "gatekeeper";
  cluster: string | null;
  /** The report object this is the state of (policy reports); none: the cluster's whole picture (Gatekeeper). */
  report?: { kind: string; namespace: string; name: string };
  collectedAt: Date | null;
  results: ComplianceResult[];
  /** Stable hash of the content (the dedup key with cluster and collectedAt). */
  contentHash: string;
}

/** A full listing of a cluster's reports of some kinds: reports of those kinds it does not hold are gone. */
export interface ReportListing {
  cluster: string | null;
  collectedAt: Date | null;
  /** group/kind keys, e.g. "wgpolicyk8s.io/PolicyReport". */
  kinds: string[];
  present: { kind: string; namespace: string; name: string }[];
}

/** Report objects deleted from the cluster (a watch's DELETED events): each one's state is gone. */
export interface ReportRemoval {
  cluster: string | null;
  collectedAt: Date | null;
  objects: { kind: string; namespace: string; name: string }[];
}

/**
 * A decision as the store needs it (preparedDecision() in lib/policy/decision-row.ts): built where it is
 * parsed — in the parse worker, so the request thread receives a flat array of strings (cheap to copy
 * between threads, no key names per field) and only adds the cluster and batch ids.
 */
export type PreparedDecision = [
  /** time, epoch ms */
  ms: number,
  cluster: string | null,
  /** engine, decisionId and time: the key duplicates are found by */
  key: string,
  /** COPY text before clusterId, and between clusterId and batchId */
  head: string,
  tail: string,
  /** the rollup keys after (bucket, cluster): engine + result, and for a deny engine … target */
  counts: string,
  pair: string | null,
  /** the decision itself when it is a deny (incident evidence) */
  deny: PolicyDecision | null,
];

export type PolicyRecord =
  | { type: "decision"; decision: PolicyDecision }
  /** A decision the parse worker prepared for the store. */
  | { type: "prepared"; prepared: PreparedDecision }
  | { type: "snapshot"; snapshot: ComplianceSnapshot }
  | { type: "listing"; listing: ReportListing }
  | { type: "removal"; removal: ReportRemoval };

export function toResult(outcome: ReportOutcome): DecisionResult | null {
  switch (outcome) {
    case "pass":
      return "allow";
    case "fail":
      return "deny";
    case "warn":
      return "warn";
    case "error":
      return "error";
    default:
      return null;
  }
}
