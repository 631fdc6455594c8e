// Envoy / Istio access logs with accessLogEncoding: JSON. Every request or connection
// passed the proxy's authorization filters unless the line says it was denied: RBAC denies name the
// matched policy in response_code_details (HTTP) or connection_termination_details (TCP); ext_authz
// (e.g. OPA) denies carry response_flags UAEX / ext_authz_denied.

import { workloadFromPod } from "@/lib/incidents/subject";
import type { ParseItem, PayloadSource } from "@/lib/ingest/types";
import type { DecisionResult, PolicyDecision, PolicyRecord } from "../types";
import { decisionIdOf, ndjsonDecisions } from "./decision-items";
import { clip, isObj, obj, parseTime, readAhead, str } from "./json";

const RBAC = /^rbac_access_denied_matched_policy\[(.*)\]$/;
const ISTIO_POLICY = /^ns\[([^\]]*)\]-policy\[([^\]]*)\]-rule\[([^\]]*)\]$/;

/** "ns[payments]-policy[deny-admin-paths]-rule[0]" → policy payments/deny-admin-paths, rule 0. */
export function parseRbacPolicy(s: string): { policy: string | null; rule: string | null } {
  if (s === "none") return { policy: null, rule: null };
  const m = ISTIO_POLICY.exec(s);
  if (m) return { policy: `${m[1]}/${m[2]}`, rule: m[3] };
  return { policy: s, rule: null };
}

export function envoyDecision(v: unknown, rawText: string): PolicyDecision | string {
  if (!isObj(v)) return "not an Envoy access log entry (expected a JSON object)";
  if (
    !("start_time" in v) ||
    !("response_code" in v || "response_code_details" in v || "connection_termination_details" in v)
  ) {
    return "not an Envoy access log entry (no start_time / response_code)";
  }
  const time = parseTime(v.start_time);
  if (!time) return "start_time: missing or not RFC 3339";
  const k8s = obj(v._k8s);
  const details = str(v.response_code_details);
  const termination = str(v.connection_termination_details);
  const flags = str(v.response_flags) ?? "";
  const code = Number(v.response_code ?? 0);
  let result: DecisionResult = "allow";
  let policy: string | null = null;
  let rule: string | null = null;
  let reason: string | null = details ?? termination;
  let kind: string | null = null;
  const rbac = RBAC.exec(details ?? "") ?? RBAC.exec(termination ?? "");
  if (rbac) {
    result = "deny";
    kind = "rbac";
    ({ policy, rule } = parseRbacPolicy(rbac[1]));
    if (!policy) reason = "no ALLOW policy matched (default deny)";
  } else if (details?.startsWith("ext_authz_denied") || /\bUAEX\b/.test(flags)) {
    result = "deny";
    kind = "ext_authz";
    policy = "ext_authz";
  } else if (details?.startsWith("ext_authz_error")) {
    result = "error";
    kind = "ext_authz";
    policy = "ext_authz";
  }
  const ns = str(k8s.namespace);
  const pod = str(k8s.pod);
  const remote = str(v.downstream_remote_address);
  const method = str(v.method);
  const path = str(v.path, 300)?.split("?")[0] ?? null;
  const out: Record<string, unknown> = { responseCode: code, responseFlags: flags || null };
  if (kind) out.denyKind = kind;
  if (str(v.authority)) out.authority = v.authority;
  if (remote) out.downstreamRemote = remote;
  if (str(v.upstream_cluster)) out.upstreamCluster = v.upstream_cluster;
  return {
    time,
    cluster: str(k8s.cluster, 63),
    engine: "istio",
    decisionId: decisionIdOf(v.request_id, rawText),
    policy,
    rule,
    subject: str(v.downstream_peer_uri_san) ?? (remote ? remote.replace(/:\d+$/, "") : null),
    target: ns && pod ? `${ns}/${workloadFromPod(pod)}` : (str(v.authority) ?? str(v.requested_server_name)),
    action: method
      ? clip(`${method} ${path ?? ""}`.trim(), 300)
      : `tcp ${str(v.downstream_local_address)?.replace(/^.*:/, ":") ?? ""}`.trim(),
    result,
    reason: clip(reason, 500),
    severity: null,
    details: out,
  };
}

export function parseEnvoy(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  return readAhead(ndjsonDecisions(input.lines(), envoyDecision));
}

export function sniffEnvoy(head: string): boolean {
  return /"response_code_details"\s*:/.test(head) || /"upstream_cluster"\s*:/.test(head);
}
