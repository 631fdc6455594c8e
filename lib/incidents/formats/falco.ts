// Falco json_output lines (falco.org/docs/outputs/formatting). Pure: one line → one evidence record.
// Falco writes "<NA>" in `output` and null in `output_fields` for fields it could not resolve.
import { createHash } from "node:crypto";
import { workloadFromPod } from "../subject";
import { checkTime } from "../timestamps";

export interface FalcoRecord {
  ref: string;
  time: Date;
  rule: string;
  priority: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  source: string | null;
  hostname: string | null;
  tags: string[];
  output: string;
  /** output_fields without null / "<NA>" values. */
  fields: Record<string, string | number | boolean>;
  cluster: string | null;
  namespace: string | null;
  pod: string | null;
  workload: string | null;
}

export type FalcoItem = { ok: true; record: FalcoRecord } | { ok: false; reason: string };

const PRIORITY_SEVERITY: Record<string, FalcoRecord["severity"]> = {
  emergency: "critical",
  alert: "critical",
  critical: "critical",
  error: "high",
  warning: "medium",
  notice: "low",
  informational: "info",
  info: "info",
  debug: "info",
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown): v is string | number | boolean =>
  (typeof v === "string" && v !== "" && v !== "<NA>") || typeof v === "number" || typeof v === "boolean";

export function parseFalcoLine(text: string, now: Date = new Date()): FalcoItem {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
  if (!isObject(o)) return { ok: false, reason: "not a JSON object" };
  if (typeof o.rule !== "string" || !o.rule) return { ok: false, reason: "rule is missing" };
  const t = checkTime(o.time, "time", now);
  if (!t.ok) return { ok: false, reason: t.reason };
  const fields: FalcoRecord["fields"] = {};
  if (isObject(o.output_fields)) {
    for (const [k, v] of Object.entries(o.output_fields)) if (present(v)) fields[k] = v;
  }
  const str = (k: string) => (typeof fields[k] === "string" ? (fields[k] as string) : null);
  // Syscall events carry k8s.*; audit events carry the target (ka.*) of the API call.
  const namespace = str("k8s.ns.name") ?? str("ka.target.namespace");
  const pod = str("k8s.pod.name") ?? (str("ka.target.resource") === "pods" ? str("ka.target.name") : null);
  const priority = typeof o.priority === "string" ? o.priority : "Notice";
  const output = typeof o.output === "string" ? o.output : "";
  const hostname = typeof o.hostname === "string" && o.hostname ? o.hostname : null;
  const uuid = typeof o.uuid === "string" && o.uuid ? o.uuid : null;
  return {
    ok: true,
    record: {
      ref:
        uuid ??
        `sha256:${createHash("sha256")
          .update(`${String(o.time)}\u0000${o.rule}\u0000${hostname ?? ""}\u0000${output}`)
          .digest("hex")
          .slice(0, 32)}`,
      time: t.date,
      rule: o.rule,
      priority,
      severity: PRIORITY_SEVERITY[priority.toLowerCase()] ?? "low",
      source: typeof o.source === "string" ? o.source : null,
      hostname,
      tags: Array.isArray(o.tags) ? o.tags.filter((x): x is string => typeof x === "string") : [],
      output,
      fields,
      // Falco has no cluster field; shippers add one (falcosidekick customfields, -o labels).
      cluster: str("k8s.cluster.name") ?? str("cluster") ?? str("k8smeta.cluster.name"),
      namespace,
      pod,
      workload: str("k8s.deployment.name") ?? (pod ? workloadFromPod(pod) : null),
    },
  };
}
