// The decision explorer's filters and what they say in words (pure; the explorer and its tests share it).
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export interface ExplorerFilters {
  cluster: string;
  engine: string;
  result: string;
  subject: string;
  target: string;
  policy: string;
  /** ISO instants; empty: the last 24 hours. */
  from: string;
  to: string;
}

const DAY = 86_400_000;

/** No filter, the last 24 hours up to `now`. */
export function defaultFilters(now: Date, cluster = ""): ExplorerFilters {
  return {
    cluster,
    engine: "",
    result: "",
    subject: "",
    target: "",
    policy: "",
    from: new Date(now.getTime() - DAY).toISOString(),
    to: now.toISOString(),
  };
}

/** The filters in words, the window last, with its zone named (for the note above the results). */
export function describeExplorer(f: ExplorerFilters, zone: string): string[] {
  const out: string[] = [];
  if (f.result) out.push(f.result === "deny" ? "denied decisions" : `result ${f.result}`);
  if (f.engine) out.push(`engine ${f.engine}`);
  if (f.cluster) out.push(`cluster ${f.cluster}`);
  if (f.subject) out.push(`subject contains “${f.subject}”`);
  if (f.target) out.push(`target contains “${f.target}”`);
  if (f.policy) out.push(`policy contains “${f.policy}”`);
  const from = f.from ? formatInstant(f.from, zone) : "24 h before";
  const to = f.to ? formatInstant(f.to, zone) : "now";
  out.push(`${from} → ${to} ${zoneLabel(zone, f.to ? new Date(f.to) : Date.now())}`);
  return out;
}
