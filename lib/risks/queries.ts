import "server-only";
import type { Sql } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import type { RiskFilters } from "./filters";
import { aboveAppetite, appetiteIndex, levelIndexByKey, type RiskMatrix, SCALE } from "./matrix";
import type { RiskState } from "./model";
import { RISK_SELECT, type RiskRow, riskBody } from "./mutations/revisions";

const ORDER: Record<RiskFilters["sort"], string> = {
  title: `lower(r.title)`,
  status: `r.status`,
  reviewDue: `r."reviewDue"`,
  updatedAt: `r."updatedAt"`,
  residualScore: `r."residualLikelihood" * r."residualImpact"`,
  inherentScore: `r."inherentLikelihood" * r."inherentImpact"`,
  targetScore: `r."targetLikelihood" * r."targetImpact"`,
  owner: `lower(o.name)`,
  category: `lower(r.category)`,
};

/** WHERE clause and params for the filters; the level comes from the matrix grid passed as jsonb. */
function where(m: RiskMatrix, f: RiskFilters, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conds: string[] = [];
  const residualLevel = () =>
    `((${add(JSON.stringify(m.grid))}::jsonb -> (r."residualLikelihood" - 1)) ->> (r."residualImpact" - 1))::int`;
  if (f.status.length) conds.push(`r.status = ANY(${add(f.status)}::text[])`);
  if (f.level.length) {
    const idx = f.level.map((k) => levelIndexByKey(m, k));
    const bad = f.level.filter((_, i) => idx[i] < 0);
    if (bad.length)
      throw badRequest(
        `level: unknown level ${bad.join(", ")} (levels: ${m.levels.map((l) => l.key).join(", ")})`,
      );
    conds.push(`${residualLevel()} = ANY(${add(idx)}::int[])`);
  }
  if (f.owner) conds.push(`(r."ownerId" = ${add(f.owner)} OR lower(o.email) = lower($${params.length}))`);
  if (f.cluster) conds.push(`${add(f.cluster)} = ANY(r.clusters)`);
  if (f.category) conds.push(`lower(r.category) = lower(${add(f.category)})`);
  if (f.q)
    conds.push(
      `(r.title ILIKE ${add(`%${f.q.replace(/[\\%_]/g, "\\$&")}%`)} OR r.description ILIKE $${params.length})`,
    );
  if (f.overdue) conds.push(`r.status <> 'closed' AND r."reviewDue" < ${add(now)}`);
  if (f.aboveAppetite) conds.push(`r.status <> 'closed' AND ${residualLevel()} > ${add(appetiteIndex(m))}`);
  if (f.likelihood) conds.push(`r."residualLikelihood" = ${add(f.likelihood)}`);
  if (f.impact) conds.push(`r."residualImpact" = ${add(f.impact)}`);
  return { sql: conds.length ? `WHERE ${conds.join(" AND ")}` : "", params };
}

export async function listRisks(
  sql: Sql,
  m: RiskMatrix,
  f: RiskFilters,
  now = new Date(),
  opts: { all?: boolean } = {},
) {
  const w = where(m, f, now);
  const dir = f.desc ? "DESC" : "ASC";
  const order = `ORDER BY ${ORDER[f.sort]} ${dir} NULLS LAST, r."reviewDue" ASC, r.id`;
  const limit = opts.all ? "" : `LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  const [rows, count] = await Promise.all([
    sql.query<RiskRow>(`${RISK_SELECT} ${w.sql} ${order} ${limit}`, w.params),
    sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM risk r LEFT JOIN "user" o ON o.id = r."ownerId" ${w.sql}`,
      w.params,
    ),
  ]);
  return {
    risks: rows.map((r) => riskBody(m, r, now)),
    total: count[0].n,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export interface RevisionView {
  version: number;
  at: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  changed: string[];
  before: RiskState | null;
  after: RiskState;
  note: string | null;
}

export async function listRevisions(sql: Sql, riskId: string): Promise<RevisionView[]> {
  const rows = await sql.query<Omit<RevisionView, "at"> & { at: Date }>(
    `SELECT version, at, action, "actorType", "actorId", "actorLabel", changed, before, after, note
       FROM risk_revision WHERE "riskId" = $1 ORDER BY version DESC`,
    [riskId],
  );
  return rows.map((r) => ({ ...r, changed: r.changed ?? [], at: r.at.toISOString() }));
}

export type Basis = "inherent" | "residual" | "target";

export interface HeatCell {
  likelihood: number;
  impact: number;
  count: number;
  level: string;
  color: string;
}

/** A non-closed risk as it stood at some instant: the fields the heat map and the risk KPIs read. */
export interface RiskStateAt {
  status: string;
  inherent: { likelihood: number; impact: number };
  residual: { likelihood: number; impact: number };
  target: { likelihood: number; impact: number };
  reviewDue: Date;
}

/**
 * The non-closed risks now (`asOf` null: the register), or as the register stood at `asOf`: the latest
 * revision of each risk at that instant is its state then (revisions hold the full state). The one query
 * for "risks as of a date" (heat map, KPIs, snapshots).
 */
export async function riskStatesAt(
  sql: Sql,
  opts: { asOf: Date | null; cluster?: string | null; includeClosed?: boolean },
): Promise<RiskStateAt[]> {
  const closed = opts.includeClosed ?? false;
  const scores = (basis: Basis) =>
    `json_build_object('likelihood', "${basis}Likelihood", 'impact', "${basis}Impact") AS ${basis}`;
  if (opts.asOf) {
    const rows = await sql.query<Omit<RiskStateAt, "reviewDue"> & { reviewDue: string }>(
      `SELECT s.after ->> 'status' AS status, s.after -> 'inherent' AS inherent, s.after -> 'residual' AS residual,
              s.after -> 'target' AS target, s.after ->> 'reviewDue' AS "reviewDue"
         FROM (SELECT DISTINCT ON ("riskId") after FROM risk_revision WHERE at <= $1 ORDER BY "riskId", version DESC) s
        WHERE ($3 OR s.after ->> 'status' <> 'closed') AND ($2::text IS NULL OR s.after -> 'clusters' ? $2::text)`,
      [opts.asOf, opts.cluster ?? null, closed],
    );
    return rows.map((r) => ({ ...r, reviewDue: new Date(r.reviewDue) }));
  }
  return sql.query<RiskStateAt>(
    `SELECT status, ${scores("inherent")}, ${scores("residual")}, ${scores("target")}, "reviewDue"
       FROM risk WHERE ($2 OR status <> 'closed') AND ($1::text IS NULL OR $1 = ANY(clusters))`,
    [opts.cluster ?? null, closed],
  );
}

export interface RiskCounts {
  /** Risks not closed, per status. */
  byStatus: Record<string, number>;
  /** Status open or treating. */
  open: number;
  /** Not closed, residual level above the appetite. */
  aboveAppetite: number;
  /** Not closed, review due before the instant counted at. */
  overdueReview: number;
  /** Every risk, closed ones included. */
  total: number;
}

/**
 * The register's headline counts now (`asOf` null) or as it stood at `asOf` (from the revisions), for
 * one cluster or all: the one count behind the register's tiles, the risk KPIs and the report.
 */
export async function riskCounts(
  sql: Sql,
  m: RiskMatrix,
  opts: { asOf: Date | null; cluster?: string | null; now?: Date },
): Promise<RiskCounts> {
  const at = opts.asOf ?? opts.now ?? new Date();
  const states = await riskStatesAt(sql, { ...opts, includeClosed: true });
  const live = states.filter((s) => s.status !== "closed");
  const byStatus: Record<string, number> = {};
  for (const s of live) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    byStatus,
    open: live.filter((s) => s.status === "open" || s.status === "treating").length,
    aboveAppetite: live.filter((s) => aboveAppetite(m, s.residual.likelihood, s.residual.impact)).length,
    overdueReview: live.filter((s) => s.reviewDue.getTime() < at.getTime()).length,
    total: states.length,
  };
}

/** The users who own at least one risk (the register's owner filter offers them). */
export function riskOwners(sql: Sql): Promise<{ id: string; name: string }[]> {
  return sql.query(
    `SELECT DISTINCT u.id, u.name FROM risk r JOIN "user" u ON u.id = r."ownerId" ORDER BY u.name`,
  );
}

/** Counts of non-closed risks per likelihood × impact cell, now or as the register stood at `asOf`. */
export async function heatmap(
  sql: Sql,
  m: RiskMatrix,
  opts: { asOf?: Date | null; basis?: Basis; cluster?: string | null } = {},
) {
  const basis = opts.basis ?? "residual";
  const states = (await riskStatesAt(sql, { asOf: opts.asOf ?? null, cluster: opts.cluster })).map(
    (r) => r[basis],
  );
  const counts = new Map<string, number>();
  for (const s of states)
    counts.set(`${s.likelihood}x${s.impact}`, (counts.get(`${s.likelihood}x${s.impact}`) ?? 0) + 1);
  const cells: HeatCell[] = [];
  for (const l of SCALE) {
    for (const i of SCALE) {
      const lv = m.levels[m.grid[l - 1][i - 1]];
      cells.push({
        likelihood: l,
        impact: i,
        count: counts.get(`${l}x${i}`) ?? 0,
        level: lv.key,
        color: lv.color,
      });
    }
  }
  return { asOf: opts.asOf?.toISOString() ?? null, basis, total: states.length, cells };
}

const DAY = 86_400_000;

/**
 * The review queue: open risks whose review is overdue or due within `soonDays`, acceptances waiting
 * for approval, and acceptances expiring within `soonDays`.
 */
export async function reviewQueue(sql: Sql, m: RiskMatrix, now = new Date(), soonDays = 14) {
  const soon = new Date(now.getTime() + soonDays * DAY);
  const rows = await sql.query<RiskRow>(
    `${RISK_SELECT}
      WHERE r.status <> 'closed' AND (r."reviewDue" < $1 OR r."acceptanceState" = 'pending'
         OR (r."acceptanceState" = 'approved' AND r."acceptanceExpiresAt" < $1))
      ORDER BY LEAST(r."reviewDue", COALESCE(r."acceptanceExpiresAt", r."reviewDue")) ASC`,
    [soon],
  );
  const items = rows.map((r) => {
    const body = riskBody(m, r, now);
    const reasons: string[] = [];
    if (r.reviewDue < now) reasons.push("review overdue");
    else if (r.reviewDue < soon) reasons.push("review due soon");
    if (r.acceptanceState === "pending") reasons.push("acceptance awaiting approval");
    if (r.acceptanceState === "approved" && r.acceptanceExpiresAt && r.acceptanceExpiresAt < soon)
      reasons.push("acceptance expiring");
    return { risk: body, reasons };
  });
  return {
    now: now.toISOString(),
    soonDays,
    overdue: items.filter((x) => x.reasons.includes("review overdue")),
    dueSoon: items.filter((x) => x.reasons.includes("review due soon")),
    acceptances: items.filter((x) => x.reasons.some((r) => r.startsWith("acceptance"))),
  };
}

/** The KPI evidence links of one risk (a review records their values as seen now); none for a malformed id. */
export function kpiLinksOf(
  sql: Sql,
  riskId: string,
): Promise<{ id: string; ref: string; cluster: string | null }[]> {
  if (!/^[0-9a-f-]{36}$/i.test(riskId)) return Promise.resolve([]);
  return sql.query(`SELECT id, ref, cluster FROM risk_link WHERE "riskId" = $1 AND kind = 'kpi'`, [riskId]);
}
