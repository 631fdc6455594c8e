import "server-only";
import type { Sql } from "@/lib/db/sql";
import { RUNTIME_ENGINES } from "./types";

// The decision rollups, all maintained here (the ingest path calls addDecisionRollups with the rows it
// has just inserted; wiping demo data or a batch calls rebuildDecisionRollups):
// - policy_decision_hourly/_daily: count per (bucket, cluster, engine, result) — the deny rate and the
//   trend charts group by nothing else, so a month holds hours × clusters × engines × results rows
//   whatever the number of decisions;
// - policy_deny_hourly/_daily: denied decisions per (cluster, engine, policy, rule, subject, target),
//   bounded — per cluster and bucket only the PAIR_CAP largest pairs keep rows of their own, the rest are
//   summed into one OTHER_PAIRS row per rule, so per-rule totals stay exact and the table cannot grow with
//   the number of distinct callers;
// - policy_deny_rate_minute/_hourly/_daily: runtime decisions and denied ones per (bucket, cluster) — all the
//   deny rate KPI needs, one row per cluster and bucket, so a KPI window reads a few thousand small rows and
//   only its sub-minute ends from raw decisions, whatever the decision rate.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** subject = target = this marks the sum of the pairs that did not make a bucket's top list. */
export const OTHER_PAIRS = "(other pairs)";
/** Pairs kept per cluster and bucket. */
export const PAIR_CAP = { hour: 50, day: 200 } as const;

const COUNTS = { hour: "policy_decision_hourly", day: "policy_decision_daily" } as const;
const DENIES = { hour: "policy_deny_hourly", day: "policy_deny_daily" } as const;
const RATES = {
  minute: "policy_deny_rate_minute",
  hour: "policy_deny_rate_hourly",
  day: "policy_deny_rate_daily",
} as const;
const RATE_UNITS = ["minute", "hour", "day"] as const;
type Unit = keyof typeof DENIES;
type RateUnit = keyof typeof RATES;

/** What the rollups need of one stored decision (time in epoch ms or ISO text). */
export interface RollupDecision {
  time: number | string | Date;
  clusterId: string;
  engine: string;
  result: string;
  policy: string | null;
  rule: string | null;
  subject: string | null;
  target: string | null;
}

const ms = (t: RollupDecision["time"]) =>
  typeof t === "number" ? t : t instanceof Date ? t.getTime() : Date.parse(t);

/**
 * The rollup rows of a set of decisions, aggregated in memory (one map entry per key, whatever the number
 * of decisions), then written by write(): the ingest path adds each decision of a chunk as it builds the
 * chunk's COPY text, with no second pass over the rows.
 */
export class DecisionRollups {
  // cluster → key after the cluster (engine + result, or a deny's engine … target) → [per hour, per day]:
  // nested so that adding a decision builds no key string (the keys are joined once, in write()).
  private readonly counts: Tally = new Map();
  private readonly denies: Tally = new Map();
  // cluster → [per minute, per hour, per day] bucket → [runtime decisions, denied]
  private readonly rates = new Map<string, [RateTally, RateTally, RateTally]>();

  add(d: RollupDecision): void {
    this.addKeyed(
      ms(d.time),
      d.clusterId,
      `${d.engine}${K}${d.result}`,
      d.result === "deny"
        ? `${d.engine}${K}${d.policy ?? ""}${K}${d.rule ?? ""}${K}${d.subject ?? ""}${K}${d.target ?? ""}`
        : null,
    );
  }

  /**
   * One decision by its keys after (bucket, cluster): `counts` is engine and result, `pair` (denies only)
   * engine, policy, rule, subject and target, each joined by NUL (as preparedDecision() builds them).
   */
  addKeyed(t: number, clusterId: string, counts: string, pair: string | null): void {
    const hour = t - (((t % HOUR) + HOUR) % HOUR);
    const day = t - (((t % DAY) + DAY) % DAY);
    tally(this.counts, clusterId, counts, hour, day);
    if (pair !== null) tally(this.denies, clusterId, pair, hour, day);
    const rate = rateOf(counts);
    if (rate) {
      let r = this.rates.get(clusterId);
      if (!r) {
        r = [new Map(), new Map(), new Map()];
        this.rates.set(clusterId, r);
      }
      const denied = rate === 2 ? 1 : 0;
      for (const [m, b] of [
        [r[0], t - (((t % MINUTE) + MINUTE) % MINUTE)],
        [r[1], hour],
        [r[2], day],
      ] as const) {
        const x = m.get(b);
        if (x) {
          x[0]++;
          x[1] += denied;
        } else m.set(b, [1, denied]);
      }
    }
  }

  async write(sql: Sql): Promise<void> {
    await writeRates(sql, this.rates);
    await writeRollups(sql, keyed(this.counts), keyed(this.denies));
  }
}

type Tally = Map<string, Map<string, [Map<number, number>, Map<number, number>]>>;
type RateTally = Map<number, [number, number]>;
const K = "\u0000";

// What a counts key (engine NUL result) adds to the deny rate: 0 nothing (not a runtime engine), 1 a runtime
// decision, 2 a denied one. Few distinct keys exist, so each is worked out once.
const RUNTIME = new Set<string>(RUNTIME_ENGINES);
const rateKinds = new Map<string, 0 | 1 | 2>();
function rateOf(counts: string): 0 | 1 | 2 {
  let k = rateKinds.get(counts);
  if (k === undefined) {
    const [engine, result] = counts.split(K);
    k = RUNTIME.has(engine) ? (result === "deny" ? 2 : 1) : 0;
    rateKinds.set(counts, k);
  }
  return k;
}

/** The deny-rate rows, upserted in (bucket, cluster) order per table like the other rollups. */
async function writeRates(sql: Sql, rates: Map<string, [RateTally, RateTally, RateTally]>): Promise<void> {
  for (const [i, unit] of RATE_UNITS.entries()) {
    const rows: [number, string, number, number][] = [];
    for (const [clusterId, r] of rates) for (const [b, [n, d]] of r[i]) rows.push([b, clusterId, n, d]);
    if (!rows.length) continue;
    rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    await sql.query(
      `INSERT INTO ${RATES[unit as RateUnit]} AS r (bucket, "clusterId", decisions, denied)
       SELECT to_timestamp(b / 1000.0), c, n, d FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::bigint[]) AS u(b, c, n, d)
       ON CONFLICT (bucket, "clusterId") DO UPDATE SET decisions = r.decisions + EXCLUDED.decisions, denied = r.denied + EXCLUDED.denied`,
      [rows.map((x) => x[0]), rows.map((x) => x[1]), rows.map((x) => x[2]), rows.map((x) => x[3])],
    );
  }
}

function tally(m: Tally, clusterId: string, key: string, hour: number, day: number) {
  let byKey = m.get(clusterId);
  if (!byKey) {
    byKey = new Map();
    m.set(clusterId, byKey);
  }
  let b = byKey.get(key);
  if (!b) {
    b = [new Map(), new Map()];
    byKey.set(key, b);
  }
  b[0].set(hour, (b[0].get(hour) ?? 0) + 1);
  b[1].set(day, (b[1].get(day) ?? 0) + 1);
}

/** The rollup rows as `${bucket}\0${cluster}\0${key}` → count, per unit. */
function keyed(m: Tally): Record<Unit, Map<string, number>> {
  const out = { hour: new Map<string, number>(), day: new Map<string, number>() };
  for (const [clusterId, byKey] of m)
    for (const [key, [hours, days]] of byKey) {
      for (const [b, n] of hours) out.hour.set(`${b}${K}${clusterId}${K}${key}`, n);
      for (const [b, n] of days) out.day.set(`${b}${K}${clusterId}${K}${key}`, n);
    }
  return out;
}

/**
 * Adds decisions that were just inserted (never duplicates: the caller passes what the insert kept) to
 * every rollup, in the caller's transaction. Rows are aggregated here and upserted in key order, so
 * concurrent batches lock rollup rows in the same order and cannot deadlock.
 */
export async function addDecisionRollups(sql: Sql, decisions: Iterable<RollupDecision>): Promise<void> {
  const r = new DecisionRollups();
  for (const d of decisions) r.add(d);
  await r.write(sql);
}

async function writeRollups(
  sql: Sql,
  counts: Record<Unit, Map<string, number>>,
  denies: Record<Unit, Map<string, number>>,
): Promise<void> {
  for (const unit of ["hour", "day"] as const) {
    const c = [...counts[unit]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (c.length) {
      const keys = c.map(([k]) => k.split("\u0000"));
      await sql.query(
        `INSERT INTO ${COUNTS[unit]} AS r (bucket, "clusterId", engine, result, count)
         SELECT to_timestamp(b / 1000.0), c, e, res, n
           FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::bigint[]) AS u(b, c, e, res, n)
         ON CONFLICT (bucket, "clusterId", engine, result) DO UPDATE SET count = r.count + EXCLUDED.count`,
        [
          keys.map((k) => k[0]),
          keys.map((k) => k[1]),
          keys.map((k) => k[2]),
          keys.map((k) => k[3]),
          c.map((x) => x[1]),
        ],
      );
    }
    const d = [...denies[unit]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (d.length) {
      const keys = d.map(([k]) => k.split("\u0000"));
      const col = (i: number) => keys.map((k) => k[i]);
      await sql.query(
        `INSERT INTO ${DENIES[unit]} AS r (bucket, "clusterId", engine, policy, rule, subject, target, count)
         SELECT to_timestamp(b / 1000.0), c, e, p, ru, s, t, n
           FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
             AS u(b, c, e, p, ru, s, t, n)
         ON CONFLICT (bucket, "clusterId", engine, policy, rule, subject, target) DO UPDATE SET count = r.count + EXCLUDED.count`,
        [col(0), col(1), col(2), col(3), col(4), col(5), col(6), d.map((x) => x[1])],
      );
      const groups = [...new Set(keys.map((k) => `${k[0]}\u0000${k[1]}`))].map((g) => g.split("\u0000"));
      await foldPairs(
        sql,
        unit,
        groups.map((g) => g[0]),
        groups.map((g) => g[1]),
      );
    }
  }
}

/**
 * Keeps the PAIR_CAP largest pairs of each given (bucket, cluster) and sums the others into the
 * OTHER_PAIRS row of their rule. A pair folded once and denied again later starts a new row; its count
 * is then split between that row and OTHER_PAIRS (the top list stays an approximation, the totals exact).
 */
async function foldPairs(sql: Sql, unit: Unit, buckets: string[], clusters: string[]): Promise<void> {
  const t = DENIES[unit];
  await sql.query(
    `WITH g AS (
       SELECT d.bucket, d."clusterId" FROM ${t} d
         JOIN unnest($1::bigint[], $2::uuid[]) AS u(b, c) ON d.bucket = to_timestamp(u.b / 1000.0) AND d."clusterId" = u.c
        WHERE d.subject <> $3
        GROUP BY 1, 2 HAVING count(*) > $4),
     ranked AS (
       SELECT d.bucket, d."clusterId", d.engine, d.policy, d.rule, d.subject, d.target,
              row_number() OVER (PARTITION BY d.bucket, d."clusterId" ORDER BY d.count DESC, d.subject, d.target, d.engine, d.policy, d.rule) AS rn
         FROM ${t} d JOIN g USING (bucket, "clusterId") WHERE d.subject <> $3),
     gone AS (
       DELETE FROM ${t} d USING ranked r
        WHERE r.rn > $4 AND d.bucket = r.bucket AND d."clusterId" = r."clusterId" AND d.engine = r.engine
          AND d.policy = r.policy AND d.rule = r.rule AND d.subject = r.subject AND d.target = r.target
       RETURNING d.bucket, d."clusterId", d.engine, d.policy, d.rule, d.count)
     INSERT INTO ${t} AS x (bucket, "clusterId", engine, policy, rule, subject, target, count)
     SELECT bucket, "clusterId", engine, policy, rule, $3, $3, sum(count) FROM gone GROUP BY 1, 2, 3, 4, 5
         ORDER BY 1, 2, 3, 4, 5
     ON CONFLICT (bucket, "clusterId", engine, policy, rule, subject, target) DO UPDATE SET count = x.count + EXCLUDED.count`,
    [buckets, clusters, OTHER_PAIRS, PAIR_CAP[unit]],
  );
}

/**
 * Recomputes every rollup over the whole UTC days that [from, to) touches, from the decisions themselves
 * (after demo data or a batch is wiped: rollups sum many batches, so they cannot cascade).
 */
export async function rebuildDecisionRollups(sql: Sql, from: Date, to: Date): Promise<void> {
  const dayFrom = new Date(Math.floor(from.getTime() / DAY) * DAY);
  const dayTo = new Date(Math.ceil((to.getTime() + 1) / DAY) * DAY);
  for (const unit of RATE_UNITS) {
    await sql.query(`DELETE FROM ${RATES[unit]} WHERE bucket >= $1 AND bucket < $2`, [dayFrom, dayTo]);
    await sql.query(
      `INSERT INTO ${RATES[unit]} (bucket, "clusterId", decisions, denied)
       SELECT date_trunc('${unit}', "time", 'UTC'), "clusterId", count(*), count(*) FILTER (WHERE result = 'deny')
         FROM policy_decision WHERE "time" >= $1 AND "time" < $2 AND engine = ANY($3::text[]) GROUP BY 1, 2`,
      [dayFrom, dayTo, RUNTIME_ENGINES],
    );
  }
  for (const unit of ["hour", "day"] as const) {
    await sql.query(`DELETE FROM ${COUNTS[unit]} WHERE bucket >= $1 AND bucket < $2`, [dayFrom, dayTo]);
    await sql.query(
      `INSERT INTO ${COUNTS[unit]} (bucket, "clusterId", engine, result, count)
       SELECT date_trunc('${unit}', "time", 'UTC'), "clusterId", engine, result, count(*)
         FROM policy_decision WHERE "time" >= $1 AND "time" < $2 GROUP BY 1, 2, 3, 4`,
      [dayFrom, dayTo],
    );
    await sql.query(`DELETE FROM ${DENIES[unit]} WHERE bucket >= $1 AND bucket < $2`, [dayFrom, dayTo]);
    // Rank the pairs of each (bucket, cluster) once and write the top ones plus one folded row per rule.
    await sql.query(
      `WITH pairs AS (
         SELECT date_trunc('${unit}', "time", 'UTC') AS bucket, "clusterId", engine, coalesce(policy, '') AS policy,
                coalesce(rule, '') AS rule, coalesce(subject, '') AS subject, coalesce(target, '') AS target, count(*) AS n
           FROM policy_decision WHERE result = 'deny' AND "time" >= $1 AND "time" < $2 GROUP BY 1, 2, 3, 4, 5, 6, 7),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY bucket, "clusterId" ORDER BY n DESC, subject, target, engine, policy, rule) AS rn
           FROM pairs)
       INSERT INTO ${DENIES[unit]} (bucket, "clusterId", engine, policy, rule, subject, target, count)
       SELECT bucket, "clusterId", engine, policy, rule, subject, target, n FROM ranked WHERE rn <= $3
       UNION ALL
       SELECT bucket, "clusterId", engine, policy, rule, $4, $4, sum(n) FROM ranked WHERE rn > $3 GROUP BY 1, 2, 3, 4, 5`,
      [dayFrom, dayTo, PAIR_CAP[unit], OTHER_PAIRS],
    );
  }
}
