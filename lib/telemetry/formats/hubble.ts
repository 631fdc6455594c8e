// Hubble flows (`hubble observe -o json`) → traffic-edge counts. Pure. proto3 JSON omits
// defaults, so every field is optional; `is_reply` absent means false.
import { workloadFromPod } from "@/lib/incidents/subject";
import type { Counts } from "../counters";
import type { EdgeDims, Endpoint, SecurityPolicy } from "./istio";

export interface HubbleFlowRecord {
  /** hubbleFlowId: flow.uuid, or time + 5-tuple + verdict when the exporter omits it. */
  id: string;
  timeMs: number;
  verdict: string;
  dropReason: string | null;
  type: string | null;
  isReply: boolean;
  srcIdentity: number | null;
  dstIdentity: number | null;
  dims: EdgeDims;
  counts: Counts;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v)
    ? v
    : typeof v === "string" && /^\d+$/.test(v)
      ? Number(v)
      : null;

// Drops that a policy decided (as opposed to e.g. no backend): these count as denied.
const POLICY_DROPS = new Set(["POLICY_DENIED", "POLICY_DENY", "AUTH_REQUIRED"]);
const POLICY_DROP_CODES: Record<number, string> = {
  133: "POLICY_DENIED",
  181: "POLICY_DENY",
  189: "AUTH_REQUIRED",
};

function labelValue(labels: unknown, prefix: string): string | null {
  if (!Array.isArray(labels)) return null;
  for (const l of labels)
    if (typeof l === "string" && l.startsWith(prefix)) return str(l.slice(prefix.length));
  return null;
}

function endpoint(ep: Json | null, nodeCluster: string | null, names: unknown, ip: string | null): Endpoint {
  if (!ep) return { cluster: null, namespace: null, workload: ip ? `ip:${ip}` : null, principal: null };
  const labels = ep.labels;
  if (Array.isArray(labels) && labels.includes("reserved:world")) {
    const name = Array.isArray(names) ? str(names[0]) : null;
    return { cluster: null, namespace: null, workload: `world:${name ?? ip ?? "?"}`, principal: null };
  }
  const namespace = str(ep.namespace) ?? labelValue(labels, "k8s:io.kubernetes.pod.namespace=");
  const workloads = Array.isArray(ep.workloads) ? ep.workloads : [];
  const pod = str(ep.pod_name);
  const workload =
    str(obj(workloads[0])?.name) ??
    labelValue(labels, "k8s:app=") ??
    (pod ? workloadFromPod(pod) : null) ??
    (ip ? `ip:${ip}` : null);
  // A local endpoint (it has an ID) lives in the cluster of the node that observed the flow.
  const cluster =
    str(ep.cluster_name) ??
    labelValue(labels, "k8s:io.cilium.k8s.policy.cluster=") ??
    (ep.ID !== undefined ? nodeCluster : null);
  const sa = labelValue(labels, "k8s:io.cilium.k8s.policy.serviceaccount=");
  return {
    cluster,
    namespace,
    workload,
    principal: sa && namespace ? `serviceaccount:${namespace}/${sa}` : null,
  };
}

function protocolOf(flow: Json): string {
  const l7 = obj(flow.l7);
  if (l7) {
    for (const p of ["http", "dns", "kafka"]) if (obj(l7[p])) return p;
  }
  const l4 = obj(flow.l4);
  if (l4) {
    const k = Object.keys(l4)[0];
    if (k) return k.toLowerCase().startsWith("icmp") ? "icmp" : k.toLowerCase();
  }
  return "unknown";
}

/**
 * The identity of one Hubble flow: its uuid, or (older exporters print none) its time, 5-tuple and verdict.
 * The policy parser (lib/policy/formats/hubble.ts) uses it as the decision id, so a flow shipped to both
 * the policy and the telemetry endpoint is one piece of incident evidence (hubbleFlowRef), not two.
 */
export function hubbleFlowId(flow: Json, envelopeTime?: unknown): string {
  const uuid = str(flow.uuid);
  if (uuid) return uuid.slice(0, 200);
  const ip = obj(flow.IP);
  const l4 = obj(flow.l4) ?? {};
  const proto = Object.keys(l4)[0] ?? "?";
  const ports = obj(l4[proto]);
  const time = str(flow.time) ?? str(envelopeTime);
  return `${time}|${str(ip?.source)}:${num(ports?.source_port)}>${str(ip?.destination)}:${num(ports?.destination_port)}/${proto}|${str(flow.verdict)}`;
}

export type HubbleParse = { ok: true; record: HubbleFlowRecord } | { ok: false; reason: string };

/**
 * Parses one NDJSON line. `seenTuples` dedupes within one payload: retransmitted SYNs of the same 5-tuple
 * in the same minute count once.
 */
export function parseHubbleLine(text: string, seenTuples: Set<string> = new Set()): HubbleParse | null {
  if (!text.trim()) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message.slice(0, 120)}` };
  }
  const top = obj(v);
  if (!top) return { ok: false, reason: "expected a JSON object (a flow or {flow, node_name, time})" };
  const flow = obj(top.flow) ?? (top.verdict !== undefined ? top : null);
  if (!flow) return { ok: false, reason: 'no "flow" object in this line' };
  const timeRaw = str(flow.time) ?? str(top.time);
  if (!timeRaw) return { ok: false, reason: "flow.time is missing" };
  const timeMs = Date.parse(timeRaw);
  if (Number.isNaN(timeMs))
    return { ok: false, reason: `flow.time "${timeRaw.slice(0, 40)}" is not an RFC 3339 time` };
  const verdict = str(flow.verdict);
  if (!verdict) return { ok: false, reason: "flow.verdict is missing" };

  const nodeName = str(flow.node_name) ?? str(top.node_name);
  const nodeCluster = nodeName?.includes("/") ? nodeName.split("/")[0] : null;
  const ipObj = obj(flow.IP);
  const srcIp = str(ipObj?.source);
  const dstIp = str(ipObj?.destination);
  const src = endpoint(obj(flow.source), nodeCluster, flow.source_names, srcIp);
  const dst = endpoint(obj(flow.destination), nodeCluster, flow.destination_names, dstIp);
  const protocol = protocolOf(flow);
  const isReply = flow.is_reply === true || (flow.is_reply === undefined && flow.reply === true);
  const securityPolicy: SecurityPolicy = flow.auth_type === "SPIRE" ? "mutual_tls" : "unknown";
  const dropCode = num(flow.drop_reason);
  const dropReason =
    str(flow.drop_reason_desc) ??
    (dropCode !== null ? (POLICY_DROP_CODES[dropCode] ?? String(dropCode)) : null);

  const counts: Counts = { requests: 0, connections: 0, denied: 0, dropped: 0 };
  const l7 = obj(flow.l7);
  let dims: EdgeDims = { reporter: "hubble", src, dst, protocol, securityPolicy };
  if (l7) {
    const http = obj(l7.http);
    if (l7.type === "REQUEST" && !isReply) counts.requests = 1;
    // A response travels server → client: count its denial on the client → server edge.
    if (l7.type === "RESPONSE" && http && num(http.code) === 403) {
      counts.denied = 1;
      dims = { ...dims, src: dst, dst: src };
    }
    // The L7 proxy drops what an L7 rule does not allow: a policy denial.
    if (verdict === "DROPPED") {
      counts.dropped = 1;
      counts.denied = 1;
    }
  } else if (!isReply) {
    const l4 = obj(flow.l4);
    const tcp = obj(l4?.TCP);
    const ports = obj(l4 ? Object.values(l4)[0] : null);
    const flags = obj(tcp?.flags);
    const opening = tcp ? flags?.SYN === true && flags?.ACK !== true : true;
    const tuple = `${Math.floor(timeMs / 60_000)}|${srcIp}:${num(ports?.source_port)}>${dstIp}:${num(ports?.destination_port)}/${protocol}|${verdict}`;
    const fresh = !seenTuples.has(tuple);
    if (fresh && opening) {
      seenTuples.add(tuple);
      if (verdict === "DROPPED") {
        counts.dropped = 1;
        if (dropReason && POLICY_DROPS.has(dropReason)) counts.denied = 1;
      } else if (verdict === "FORWARDED" || verdict === "REDIRECTED" || verdict === "TRANSLATED") {
        counts.connections = 1;
      }
    }
  }
  return {
    ok: true,
    record: {
      id: hubbleFlowId(flow, top.time),
      timeMs,
      verdict,
      dropReason,
      type: str(flow.Type),
      isReply,
      srcIdentity: num(obj(flow.source)?.identity),
      dstIdentity: num(obj(flow.destination)?.identity),
      dims,
      counts,
    },
  };
}
