import { badRequest } from "@/lib/errors";

export interface KpiScope {
  from: Date;
  to: Date;
  /** Cluster name, or null for every cluster. */
  cluster: string | null;
  /** The instant the figures describe (state-type figures are "as of" it). */
  now: Date;
  /**
   * When the figures are computed (default: `now`). A `now` well before it asks for the past: risks are
   * then reconstructed from their revisions, and the certificate inventory, which keeps no history, is
   * read from the KPI snapshot recorded that day (lib/kpi/recorded.ts).
   */
  computedAt?: Date;
}

const DAY = 86_400_000;

/** ?from&to (ISO-8601; default: the 30 days up to now) and ?cluster; half-open [from, to). */
export function parseScope(params: URLSearchParams, now = new Date()): KpiScope {
  const parse = (name: string): Date | null => {
    const v = params.get(name);
    if (!v) return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime()))
      throw badRequest(`${name}: "${v.slice(0, 40)}" is not an ISO-8601 date or time`);
    return d;
  };
  const to = parse("to") ?? now;
  const from = parse("from") ?? new Date(to.getTime() - 30 * DAY);
  if (from >= to) throw badRequest("from must be before to");
  if (to.getTime() - from.getTime() > 5 * 366 * DAY) throw badRequest("window: at most 5 years");
  const cluster = params.get("cluster")?.trim() || null;
  return { from, to, cluster, now };
}
