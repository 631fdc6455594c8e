import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { worstSeverity } from "@/lib/severity";
import { LATEST_REPORT_STATES } from "./report-store";
import { OTHER_PAIRS } from "./rollups";
import { ENGINES, type PolicyDecision, RESULTS, RUNTIME_ENGINES } from "./types";

// Page and API queries. Charts and tables read the hourly/daily rollups; only the explorer reads raw
// decisions, always bounded in time and by an index (time or clusterId+time) with keyset paging.

const HOUR = 3_600_000;
const DAY = 86_400_000;
export const RANGES = { "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY } as const;
export type RangeKey = keyof typeof RANGES;

export interface PageWindow {
  from: Date;
  to: Date;
  unit: "hour" | "day";
}

/** The page's window, aligned to whole hours (or days for 30 days) so every bucket is a rollup row. */
export function pageWindow(range: string | undefined, now = new Date()): PageWindow & { range: RangeKey } {
  const key = (range && range in RANGES ? range : "24h") as RangeKey;
  const unit = key === "30d" ? "day" : "hour";
  const step = unit === "day" ? DAY : HOUR;
  const to = new Date(Math.ceil(now.getTime() / step) * step);
  return { range: key, unit, to, from: new Date(to.getTime() - RANGES[key]) };
}

const db = (): Sql => sqlOfPg(pool());
const table = (w: PageWindow) => (w.unit === "day" ? "policy_decision_daily" : "policy_decision_hourly");
const denyTable = (w: PageWindow) => (w.unit === "day" ? "policy_deny_daily" : "policy_deny_hourly");

export async function clusterId(sql: Sql, name: string | null): Promise<string | null | undefined> {
  if (!name) return null;
  const r = await sql.query<{ id: string }>(`SELECT id FROM cluster WHERE name = $1`, [name]);
  return r[0]?.id; // undefined: no such cluster
}

export interface TrendPoint {
  bucket: string;
  total: number;
  denied: number;
  rate: number | null;
}

/** Runtime decisions and denies per bucket, every bucket of the window present (zeros included). */
export async function denyTrend(w: PageWindow, cluster: string | null, sql = db()): Promise<TrendPoint[]> {
  const rows = await sql.query<{ bucket: Date; total: number; denied: number }>(
    `SELECT bucket, sum(count)::float8 AS total, (sum(count) FILTER (WHERE result = 'deny'))::float8 AS denied
       FROM ${table(w)} t
      WHERE bucket >= $1 AND bucket < $2 AND engine = ANY($3::text[])
        AND ($4::text IS NULL OR "clusterId" = (SELECT id FROM cluster WHERE name = $4))
      GROUP BY bucket ORDER BY bucket`,
    [w.from, w.to, RUNTIME_ENGINES, cluster],
  );
  const by = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const step = w.unit === "day" ? DAY : HOUR;
  const out: TrendPoint[] = [];
  for (let t = w.from.getTime(); t < w.to.getTime(); t += step) {
    const r = by.get(t);
    const total = Number(r?.total ?? 0);
    const denied = Number(r?.denied ?? 0);
    out.push({ bucket: new Date(t).toISOString(), total, denied, rate: total > 0 ? denied / total : null });
  }
  return out;
}

/**
 * The most denied (subject, target) pairs, from the bounded pair rollup: per cluster and hour (day for
 * 30 days) only its largest pairs are kept one by one, so a pair that is never among them there is not
 * listed (the per-policy figures below still count it).
 */
export async function topDeniedPairs(w: PageWindow, cluster: string | null, limit = 10, sql = db()) {
  const rows = await sql.query<{ subject: string; target: string; denied: number; engines: string[] }>(
    `SELECT subject, target, sum(count)::float8 AS denied, array_agg(DISTINCT engine) AS engines
       FROM ${denyTable(w)}
      WHERE bucket >= $1 AND bucket < $2 AND engine = ANY($3::text[]) AND NOT (subject = $6 AND target = $6)
        AND ($4::text IS NULL OR "clusterId" = (SELECT id FROM cluster WHERE name = $4))
      GROUP BY subject, target ORDER BY denied DESC, subject, target LIMIT $5`,
    [w.from, w.to, RUNTIME_ENGINES, cluster, limit, OTHER_PAIRS],
  );
  return rows.map((r) => ({ ...r, denied: Number(r.denied) }));
}

export async function deniesByPolicy(w: PageWindow, cluster: string | null, limit = 15, sql = db()) {
  const rows = await sql.query<{ engine: string; policy: string; rule: string; denied: number }>(
    `SELECT engine, policy, rule, sum(count)::float8 AS denied
       FROM ${denyTable(w)}
      WHERE bucket >= $1 AND bucket < $2 AND engine = ANY($3::text[])
        AND ($4::text IS NULL OR "clusterId" = (SELECT id FROM cluster WHERE name = $4))
      GROUP BY engine, policy, rule ORDER BY denied DESC, engine, policy, rule LIMIT $5`,
    [w.from, w.to, RUNTIME_ENGINES, cluster, limit],
  );
  return rows.map((r) => ({ ...r, denied: Number(r.denied) }));
}

/**
 * Latest state of every report object (and Gatekeeper picture), grouped by engine and policy (counted as
 * compliance counts them); `engine` keeps one engine's results (a report result's source: kyverno, trivy, kube-bench…).
 */
export async function complianceByPolicy(
  cluster: string | null,
  asOf = new Date(),
  engine: string | null = null,
  sql = db(),
) {
  const rows = await sql.query<{
    cluster: string;
    source: string;
    collectedAt: Date;
    engine: string;
    policy: string;
    pass: number;
    fail: number;
    warn: number;
    error: number;
    skip: number;
    severities: (string | null)[];
    category: string | null;
  }>(
    `WITH latest AS (
       SELECT l.* FROM (${LATEST_REPORT_STATES}) l JOIN cluster c ON c.id = l."clusterId"
        WHERE ($2::text IS NULL OR c.name = $2))
     SELECT c.name AS cluster, l.source, max(l."collectedAt") AS "collectedAt", r.engine, r.policy,
            coalesce(sum(r.count) FILTER (WHERE r.outcome = 'pass'), 0)::int AS pass,
            coalesce(sum(r.count) FILTER (WHERE r.outcome = 'fail'), 0)::int AS fail,
            coalesce(sum(r.count) FILTER (WHERE r.outcome = 'warn'), 0)::int AS warn,
            coalesce(sum(r.count) FILTER (WHERE r.outcome = 'error'), 0)::int AS error,
            coalesce(sum(r.count) FILTER (WHERE r.outcome = 'skip'), 0)::int AS skip,
            array_agg(DISTINCT r.severity) AS severities,
            min(r.category) AS category
       FROM latest l JOIN cluster c ON c.id = l."clusterId" JOIN policy_snapshot_result r ON r."snapshotId" = l.id
      WHERE ($3::text IS NULL OR r.engine = $3)
      GROUP BY c.name, l.source, r.engine, r.policy
      ORDER BY (coalesce(sum(r.count) FILTER (WHERE r.outcome IN ('fail', 'error')), 0)) DESC, c.name, r.policy`,
    [asOf, cluster, engine],
  );
  return rows.map((r) => {
    const sev = worstSeverity(r.severities ?? []);
    const den = r.pass + r.fail + r.error;
    return { ...r, severity: sev, compliance: den > 0 ? r.pass / den : null };
  });
}

export async function complianceByCluster(asOf = new Date(), sql = db()) {
  return sql.query<{ cluster: string; pass: number; fail: number; error: number; collectedAt: Date }>(
    `SELECT c.name AS cluster, sum(l.pass)::int AS pass, sum(l.fail)::int AS fail, sum(l.error)::int AS error,
            max(l."collectedAt") AS "collectedAt"
       FROM (${LATEST_REPORT_STATES}) l
       JOIN cluster c ON c.id = l."clusterId"
      GROUP BY c.name ORDER BY c.name`,
    [asOf],
  );
}

/** Engines present in the current compliance state (for the Policy page's filter). */
export async function complianceEngines(sql = db()) {
  const r = await sql.query<{ engine: string }>(
    `SELECT DISTINCT r.engine FROM (${LATEST_REPORT_STATES}) l JOIN policy_snapshot_result r ON r."snapshotId" = l.id
      ORDER BY r.engine`,
    [new Date()],
  );
  return r.map((x) => x.engine);
}

export async function policyClusters(sql = db()) {
  const r = await sql.query<{ name: string }>(`SELECT name FROM cluster ORDER BY name`);
  return r.map((x) => x.name);
}

/** Is there anything at all to show? (one indexed probe each) */
export async function hasPolicyData(sql = db()) {
  const r = await sql.query<{ d: boolean; s: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM policy_decision_daily) AS d, EXISTS (SELECT 1 FROM policy_snapshot) AS s`,
  );
  return { decisions: r[0].d, snapshots: r[0].s };
}

// ---- decision explorer ------------------------------------------------------------------------------

const MAX_SPAN = 31 * DAY;

export const explorerQuery = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    cluster: z.string().trim().max(63).optional(),
    engine: z.enum(ENGINES).optional(),
    result: z.enum(RESULTS).optional(),
    subject: z.string().trim().max(300).optional(),
    target: z.string().trim().max(300).optional(),
    policy: z.string().trim().max(300).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .transform((q, ctx) => {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - DAY);
    if (!(from < to)) ctx.addIssue({ code: "custom", message: "from must be before to", path: ["from"] });
    if (to.getTime() - from.getTime() > MAX_SPAN)
      ctx.addIssue({ code: "custom", message: "at most 31 days per query", path: ["from"] });
    return { ...q, from, to };
  });
export type ExplorerQuery = z.output<typeof explorerQuery>;

/** A stored decision as the explorer lists it: the time as text, the cluster by name, engine and result as read. */
export interface DecisionRow extends Omit<PolicyDecision, "time" | "cluster" | "engine" | "result"> {
  time: string;
  cluster: string;
  engine: string;
  result: string;
}

function encodeCursor(r: { time: string; engine: string; decisionId: string }) {
  return Buffer.from(JSON.stringify([r.time, r.engine, r.decisionId])).toString("base64url");
}
function decodeCursor(c: string): [string, string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      v.every((x) => typeof x === "string") &&
      !Number.isNaN(Date.parse(v[0]))
    ) {
      return v as [string, string, string];
    }
  } catch {
    /* fall through */
  }
  throw badRequest("cursor: not a cursor this API returned");
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first, keyset-paged on (time, engine, decisionId); `next` is null on the last page. */
export async function listDecisions(
  q: ExplorerQuery,
  sql = db(),
): Promise<{ decisions: DecisionRow[]; next: string | null }> {
  const cid = await clusterId(sql, q.cluster ?? null);
  if (cid === undefined) return { decisions: [], next: null };
  const where = [`d."time" >= $1`, `d."time" < $2`];
  const params: unknown[] = [q.from, q.to];
  const add = (cond: (i: number) => string, v: unknown) => {
    params.push(v);
    where.push(cond(params.length));
  };
  if (cid) add((i) => `d."clusterId" = $${i}`, cid);
  if (q.engine) add((i) => `d.engine = $${i}`, q.engine);
  if (q.result) add((i) => `d.result = $${i}`, q.result);
  if (q.subject) add((i) => `d.subject ILIKE $${i}`, like(q.subject));
  if (q.target) add((i) => `d.target ILIKE $${i}`, like(q.target));
  if (q.policy) add((i) => `d.policy ILIKE $${i}`, like(q.policy));
  if (q.cursor) {
    const [t, e, id] = decodeCursor(q.cursor);
    params.push(t, e, id);
    const n = params.length;
    where.push(`(d."time", d.engine, d."decisionId") < ($${n - 2}::timestamptz, $${n - 1}, $${n})`);
  }
  params.push(q.limit + 1);
  const rows = await sql.query<Omit<DecisionRow, "time"> & { time: Date }>(
    `SELECT d."time", c.name AS cluster, d.engine, d."decisionId", d.policy, d.rule, d.subject, d.target, d.action,
            d.result, d.reason, d.severity, d.details
       FROM policy_decision d JOIN cluster c ON c.id = d."clusterId"
      WHERE ${where.join(" AND ")}
      ORDER BY d."time" DESC, d.engine DESC, d."decisionId" DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit).map((r) => ({ ...r, time: new Date(r.time).toISOString() }));
  const next = rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null;
  return { decisions: page, next };
}
