import "server-only";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg } from "@/lib/db/sql";
import { cachedPart, kpiDataVersion } from "@/lib/kpi/cache";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import { LATEST_REPORT_STATES } from "./report-store";
import { RUNTIME_ENGINES } from "./types";
import { ratio, splitWindow } from "./window-split";

const db = (): Sql => sqlOfPg(pool());

type Span = [Date, Date];
interface Counts {
  denied: number;
  total: number;
}

/** Where one piece of a window is counted: a deny-rate rollup, or the raw decisions at the window's ends. */
type Source = "policy_deny_rate_daily" | "policy_deny_rate_hourly" | "policy_deny_rate_minute" | "raw";

/** Denied and all runtime decisions over spans (a UNION ALL of indexed range sums). */
async function countSpans(sql: Sql, cluster: string | null, spans: [Source, Span][]) {
  if (!spans.length) return { denied: 0, total: 0 };
  const params: unknown[] = [cluster];
  const p = (v: unknown) => `$${params.push(v)}`;
  const inCluster = `($1::text IS NULL OR t."clusterId" = (SELECT id FROM cluster WHERE name = $1))`;
  let engines = "";
  const parts = spans.map(([source, [a, b]]) => {
    if (source !== "raw")
      return `SELECT coalesce(sum(denied), 0) AS denied, coalesce(sum(decisions), 0) AS total
                FROM ${source} t WHERE t.bucket >= ${p(a)} AND t.bucket < ${p(b)} AND ${inCluster}`;
    engines ||= p(RUNTIME_ENGINES);
    return `SELECT count(*) FILTER (WHERE result = 'deny') AS denied, count(*) AS total
              FROM policy_decision t WHERE t."time" >= ${p(a)} AND t."time" < ${p(b)} AND t.engine = ANY(${engines}::text[]) AND ${inCluster}`;
  });
  const rows = await sql.query<Counts>(
    `SELECT coalesce(sum(denied), 0)::float8 AS denied, coalesce(sum(total), 0)::float8 AS total FROM (${parts.join(" UNION ALL ")}) x`,
    params,
  );
  return { denied: Number(rows[0].denied), total: Number(rows[0].total) };
}

/**
 * denyRate (docs/kpis.md): denied / all runtime decisions (OPA, Envoy/Istio, Cilium) with their own
 * timestamp in [from, to); decisions are unique per (engine, decision id) by the table's key. Whole days,
 * hours and minutes come from the deny-rate rollups (one row per cluster and bucket), the sub-minute ends
 * (at most two minutes) from raw rows, so the cost does not grow with the decision rate. The days and hours
 * are cached by span, cluster and data version (lib/kpi/cache.ts: every window of a day shares its whole
 * days); the minutes and ends move with every request and are read each time.
 */
export async function denyCounts(from: Date, to: Date, cluster: string | null, sql = db()): Promise<Counts> {
  const split = splitWindow(from, to, { minutes: true });
  const of =
    (source: Source) =>
    (s: Span): [Source, Span] => [source, s];
  const rolled = [
    ...split.daily.map(of("policy_deny_rate_daily")),
    ...split.hourly.map(of("policy_deny_rate_hourly")),
  ];
  const edges = [...split.minute.map(of("policy_deny_rate_minute")), ...split.raw.map(of("raw"))];
  const key = `deny\u0000${cluster ?? ""}\u0000${rolled.map(([t, [a, b]]) => `${t}:${a.getTime()}-${b.getTime()}`).join(",")}`;
  const [r, e] = await Promise.all([
    rolled.length
      ? kpiDataVersion(sql).then((v) => cachedPart(v, key, () => countSpans(sql, cluster, rolled)))
      : { denied: 0, total: 0 },
    countSpans(sql, cluster, edges),
  ]);
  return { denied: r.denied + e.denied, total: r.total + e.total };
}

/**
 * compliance (docs/kpis.md): pass / (pass + fail + error) summed over the latest state of each report
 * object as of `asOf`, plus Gatekeeper's totalViolations (stored as fails) from its latest picture per cluster.
 * Read from policy_report_current (one row per object); only when some object's latest state was
 * collected after `asOf` (a question about the past, or a clock ahead of ours) is the history sorted.
 */
export async function complianceCounts(asOf: Date, cluster: string | null, sql = db()) {
  const current = await sql.query<{ pass: number; fail: number; error: number; later: boolean }>(
    `SELECT coalesce(sum(r.pass) FILTER (WHERE NOT r.removed), 0)::float8 AS pass,
            coalesce(sum(r.fail) FILTER (WHERE NOT r.removed), 0)::float8 AS fail,
            coalesce(sum(r.error) FILTER (WHERE NOT r.removed), 0)::float8 AS error,
            coalesce(bool_or(r."collectedAt" > $1), false) AS later
       FROM policy_report_current r
      WHERE ($2::text IS NULL OR r."clusterId" = (SELECT id FROM cluster WHERE name = $2))`,
    [asOf, cluster],
  );
  let r = current[0];
  if (r.later) {
    const rows = await sql.query<{ pass: number; fail: number; error: number }>(
      `SELECT coalesce(sum(l.pass), 0)::float8 AS pass, coalesce(sum(l.fail), 0)::float8 AS fail, coalesce(sum(l.error), 0)::float8 AS error
         FROM (${LATEST_REPORT_STATES}) l JOIN cluster c ON c.id = l."clusterId"
        WHERE ($2::text IS NULL OR c.name = $2)`,
      [asOf, cluster],
    );
    r = { ...rows[0], later: true };
  }
  return { pass: Number(r.pass), fail: Number(r.fail), error: Number(r.error) };
}

export async function policyKpis(scope: KpiScope, sql = db()) {
  const [d, c] = await Promise.all([
    denyCounts(scope.from, scope.to, scope.cluster, sql),
    complianceCounts(scope.now, scope.cluster, sql),
  ]);
  return {
    denyRate: ratio(d.denied, d.total),
    compliance: ratio(c.pass, c.pass + c.fail + c.error),
    // Extensions (the documented two fields keep their names): the counts behind the fractions.
    decisions: d.total,
    denied: d.denied,
    complianceCounts: c,
  };
}

registerKpiSection(async (scope) => ({ policy: await policyKpis(scope) }));
