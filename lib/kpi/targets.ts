// The KPI figures that have a headline, how to read them, and the targets an admin sets (pure; no I/O).
import { formatDuration } from "@/lib/incidents/display";
import type { Kpis } from "./compute";

export type Unit = "percent" | "fraction" | "seconds" | "count";
/** Which way is better: "up" (coverage), "down" (time, expired certificates), or neither. */
export type Direction = "up" | "down" | "neutral";

export interface MetricDef {
  key: MetricKey;
  label: string;
  /** Plain-language name for executives ("certificates renewed on time"). */
  plain: string;
  unit: Unit;
  direction: Direction;
  /** Where an operator acts on it. */
  href: string;
}

export const METRICS = [
  {
    key: "rotationOnSchedule.percent",
    label: "Rotation on schedule",
    plain: "certificates renewed on schedule",
    unit: "percent",
    direction: "up",
    href: "/certificates",
  },
  {
    key: "mtlsCoverage.percent",
    label: "mTLS coverage",
    plain: "encrypted, mutually authenticated traffic",
    unit: "percent",
    direction: "up",
    href: "/mesh",
  },
  {
    key: "mtlsCoverage.crossClusterPercent",
    label: "Cross-cluster mTLS",
    plain: "encrypted traffic between clusters",
    unit: "percent",
    direction: "up",
    href: "/mesh",
  },
  {
    key: "mttd.medianSeconds",
    label: "MTTD (median)",
    plain: "time to detect an incident",
    unit: "seconds",
    direction: "down",
    href: "/incidents",
  },
  {
    key: "timeToContainment.medianSeconds",
    label: "Time to containment (median)",
    plain: "time to contain an incident",
    unit: "seconds",
    direction: "down",
    href: "/incidents",
  },
  {
    key: "timeToResolve.medianSeconds",
    label: "Time to resolve (median)",
    plain: "time to resolve an incident",
    unit: "seconds",
    direction: "down",
    href: "/incidents",
  },
  {
    key: "policy.compliance",
    label: "Policy compliance",
    plain: "policy checks passing",
    unit: "fraction",
    direction: "up",
    href: "/policy",
  },
  {
    key: "policy.denyRate",
    label: "Policy deny rate",
    plain: "requests refused by policy",
    unit: "fraction",
    direction: "neutral",
    href: "/policy",
  },
  {
    key: "certificates.expired",
    label: "Expired certificates",
    plain: "expired certificates still in use",
    unit: "count",
    direction: "down",
    href: "/certificates",
  },
  {
    key: "certificates.expiring7d",
    label: "Expiring within 7 days",
    plain: "certificates expiring within 7 days",
    unit: "count",
    direction: "down",
    href: "/certificates",
  },
  {
    key: "certificates.weak",
    label: "Weak certificates",
    plain: "certificates with weak keys or signatures",
    unit: "count",
    direction: "down",
    href: "/certificates",
  },
  {
    key: "risks.aboveAppetite",
    label: "Risks above appetite",
    plain: "risks above the accepted level",
    unit: "count",
    direction: "down",
    href: "/risks",
  },
  {
    key: "risks.overdueReview",
    label: "Risk reviews overdue",
    plain: "risk reviews overdue",
    unit: "count",
    direction: "down",
    href: "/risks",
  },
  {
    key: "risks.open",
    label: "Open risks",
    plain: "open risks",
    unit: "count",
    direction: "neutral",
    href: "/risks",
  },
] as const satisfies readonly (Omit<MetricDef, "key"> & { key: string })[];

export type MetricKey = (typeof METRICS)[number]["key"];

export const METRIC_KEYS = METRICS.map((m) => m.key) as MetricKey[];

export function metricDef(key: string): MetricDef | undefined {
  return (METRICS as readonly MetricDef[]).find((m) => m.key === key);
}

export function isMetricKey(v: unknown): v is MetricKey {
  return typeof v === "string" && (METRIC_KEYS as string[]).includes(v);
}

/** Reads a dotted path ("mttd.medianSeconds") of a KPI body; null when absent or not a number. */
export function metricValue(k: Kpis | Record<string, unknown>, key: string): number | null {
  let cur: unknown = k;
  for (const part of key.split(".")) {
    if (cur === null || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === "number" && Number.isFinite(cur) ? cur : null;
}

/** Every numeric leaf of a KPI body as "path" → value (the CSV has every figure, not only headlines). */
export function flattenFigures(k: unknown, prefix = ""): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (k === null || typeof k !== "object") return out;
  for (const [name, v] of Object.entries(k as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (path === "window" || path === "cluster") continue;
    if (typeof v === "number") out[path] = Number.isFinite(v) ? v : null;
    else if (v === null) out[path] = null;
    else if (typeof v === "object" && !Array.isArray(v)) Object.assign(out, flattenFigures(v, path));
  }
  return out;
}

export type Comparator = ">=" | "<=";

export interface Target {
  comparator: Comparator;
  value: number;
}

export type Targets = Partial<Record<MetricKey, Target>>;

/** The defaults the issue names (rotation ≥ 99 %, cross-cluster mTLS 100 %, MTTD ≤ 15 min) and a few more. */
export const DEFAULT_TARGETS: Targets = {
  "rotationOnSchedule.percent": { comparator: ">=", value: 99 },
  "mtlsCoverage.percent": { comparator: ">=", value: 95 },
  "mtlsCoverage.crossClusterPercent": { comparator: ">=", value: 100 },
  "mttd.medianSeconds": { comparator: "<=", value: 900 },
  "timeToContainment.medianSeconds": { comparator: "<=", value: 3600 },
  "policy.compliance": { comparator: ">=", value: 0.95 },
  "certificates.expired": { comparator: "<=", value: 0 },
  "risks.aboveAppetite": { comparator: "<=", value: 0 },
  "risks.overdueReview": { comparator: "<=", value: 0 },
};

export type TargetStatus = "met" | "missed" | "no-data" | "no-target";

export function targetStatus(value: number | null, target: Target | undefined): TargetStatus {
  if (!target) return "no-target";
  if (value === null) return "no-data";
  return (target.comparator === ">=" ? value >= target.value : value <= target.value) ? "met" : "missed";
}

/** Formats a figure for people: 91.2 %, 58 s, 32 min, 3. */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return "—";
  switch (unit) {
    case "percent":
      return `${round1(value)} %`;
    case "fraction":
      return `${round1(value * 100)} %`;
    case "seconds":
      return formatDuration(value);
    case "count":
      return String(Math.round(value));
  }
}

// One way to write a duration everywhere (pages, report, PDF, CSV labels): "58 s", "3 min 32 s", "2 h 5 min", "3 d 4 h".
export { formatDuration };

export function formatTarget(t: Target | undefined, unit: Unit): string {
  if (!t) return "—";
  return `${t.comparator === ">=" ? "≥" : "≤"} ${formatValue(t.value, unit)}`;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
