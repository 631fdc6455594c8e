import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { DEFAULT_MAX_LIFETIME_DAYS, isLongLived, statusOf } from "../hygiene";
import type { InventoryFilter } from "../inventory-filter";
import type { Sighting } from "../mutations/certificates";
import { deadlineOf, graceMsOf, latenessMs, type Outcome, outcomeOf, withSuccessors } from "../rotation";
import { lineageFacts } from "./lineage-facts";

export interface InventoryRow {
  lineageId: string;
  label: string;
  kind: string;
  cluster: string | null;
  namespace: string | null;
  name: string | null;
  issuer: string;
  subject: string;
  sans: string[];
  notBefore: string | null;
  notAfter: string;
  lastSeenAt: string;
  keyAlgorithm: string | null;
  keySize: number | null;
  signatureAlgorithm: string | null;
  isCA: boolean;
  weak: boolean;
  longLived: boolean;
  status: ReturnType<typeof statusOf>;
  source: string;
  where: string;
  /** Every cluster, source and place this certificate was seen in (one entry, several sightings). */
  seenIn: Sighting[];
  ready: string | null;
  versionCount: number;
  fingerprintSha256: string | null;
}

const SORT_SQL: Record<InventoryFilter["sort"], string> = {
  notAfter: `v."notAfter"`,
  label: `l.label`,
  cluster: `c.name`,
  namespace: `l.namespace`,
  issuer: `v.issuer`,
  lastSeenAt: `v."lastSeenAt"`,
};

const STATUS_SQL: Record<NonNullable<InventoryFilter["status"]>, string> = {
  expired: `v."notAfter" < $1 AND (v."reportedExpired" OR v."lastSeenAt" > v."notAfter")`,
  lapsed: `v."notAfter" < $1 AND NOT (v."reportedExpired" OR v."lastSeenAt" > v."notAfter")`,
  expiring7d: `v."notAfter" >= $1 AND v."notAfter" < $1 + interval '7 days'`,
  expiring30d: `v."notAfter" >= $1 AND v."notAfter" < $1 + interval '30 days'`,
  valid: `v."notAfter" >= $1 + interval '30 days'`,
  weak: `v.weak`,
  longLived: `NOT v."isCA" AND v."notBefore" IS NOT NULL AND v."notAfter" - v."notBefore" > interval '${DEFAULT_MAX_LIFETIME_DAYS} days'`,
};

function where(f: InventoryFilter, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [now];
  const conds: string[] = [];
  const add = (cond: (n: number) => string, value: unknown) => {
    params.push(value);
    conds.push(cond(params.length));
  };
  if (f.cluster) add((n) => `c.name = $${n}`, f.cluster);
  if (f.namespace) add((n) => `l.namespace = $${n}`, f.namespace);
  if (f.issuer) add((n) => `v.issuer = $${n}`, f.issuer);
  if (f.status) conds.push(STATUS_SQL[f.status]);
  if (f.q) {
    add(
      (n) => `(l.label ILIKE $${n} OR v.subject ILIKE $${n} OR v.issuer ILIKE $${n} OR l.namespace ILIKE $${n}
               OR array_to_string(v.sans, ' ') ILIKE $${n} OR v."fingerprintSha256" ILIKE $${n} OR v.serial ILIKE $${n})`,
      `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`,
    );
  }
  // $1 (now) is always referenced, typed, so PostgreSQL accepts it even when no status filter uses it.
  return { sql: `WHERE $1::timestamptz IS NOT NULL${conds.map((c) => ` AND ${c}`).join("")}`, params };
}

const FROM = `FROM certificate_lineage l
  JOIN certificate_version v ON v.id = l."currentVersionId"
  LEFT JOIN cluster c ON c.id = l."clusterId"`;

type Raw = Omit<InventoryRow, "status" | "longLived" | "notBefore" | "notAfter" | "lastSeenAt"> & {
  notBefore: Date | null;
  notAfter: Date;
  lastSeenAt: Date;
  reportedExpired: boolean;
};

function toRow(r: Raw, now: Date): InventoryRow {
  const { reportedExpired, ...rest } = r;
  return {
    ...rest,
    notBefore: r.notBefore?.toISOString() ?? null,
    notAfter: r.notAfter.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    longLived: isLongLived(r),
    status: statusOf({ notAfter: r.notAfter, reportedExpired, lastSeenAt: r.lastSeenAt }, now),
  };
}

const COLUMNS = `l.id AS "lineageId", l.label, l.kind, c.name AS cluster, l.namespace, l.name, v.issuer, v.subject, v.sans,
  v."notBefore", v."notAfter", v."lastSeenAt", v."keyAlgorithm", v."keySize", v."signatureAlgorithm", v."isCA", v.weak,
  v."reportedExpired", v.source, v."where", v."seenIn", v.ready, l."versionCount", v."fingerprintSha256"`;

/** The current inventory (the newest version of every lineage), filtered, sorted and paged on the server. */
export async function listInventory(f: InventoryFilter, now = new Date()) {
  const w = where(f, now);
  const sql = sqlOfPg(pool());
  const order = `${SORT_SQL[f.sort]} ${f.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, l.id`;
  const [rows, total] = await Promise.all([
    sql.query<Raw>(
      `SELECT ${COLUMNS} ${FROM} ${w.sql} ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
      w.params,
    ),
    sql.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${w.sql}`, w.params),
  ]);
  return {
    rows: rows.map((r) => toRow(r, now)),
    total: total[0].n,
    page: f.page,
    pageSize: f.pageSize,
    now: now.toISOString(),
  };
}

/** Every row of the filter (CSV export), capped so one request cannot exhaust memory. */
export async function exportInventory(f: InventoryFilter, now = new Date(), cap = 100_000) {
  const w = where(f, now);
  const rows = await sqlOfPg(pool()).query<Raw>(
    `SELECT ${COLUMNS} ${FROM} ${w.sql} ORDER BY ${SORT_SQL[f.sort]} ${f.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, l.id LIMIT ${cap}`,
    w.params,
  );
  return rows.map((r) => toRow(r, now));
}

/** Values for the filter controls. */
export async function inventoryFacets() {
  const sql = sqlOfPg(pool());
  const [clusters, namespaces, issuers] = await Promise.all([
    sql.query<{ v: string }>(
      `SELECT DISTINCT c.name AS v FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId" ORDER BY 1`,
    ),
    sql.query<{ v: string }>(
      `SELECT DISTINCT namespace AS v FROM certificate_lineage WHERE namespace IS NOT NULL ORDER BY 1 LIMIT 500`,
    ),
    sql.query<{ v: string }>(`SELECT DISTINCT v.issuer AS v ${FROM} ORDER BY 1 LIMIT 500`),
  ]);
  return {
    clusters: clusters.map((r) => r.v),
    namespaces: namespaces.map((r) => r.v),
    issuers: issuers.map((r) => r.v),
  };
}

/** Current certificates by the week they expire in (the next 13 weeks), plus those already past. */
export async function expiryTimeline(now: Date, cluster: string | null) {
  const rows = await sqlOfPg(pool()).query<{ week: number; n: number; weak: number }>(
    `SELECT CASE WHEN v."notAfter" < $1 THEN -1 ELSE floor(extract(epoch FROM v."notAfter" - $1) / 604800)::int END AS week,
            count(*)::int AS n, count(*) FILTER (WHERE v.weak)::int AS weak
       ${FROM}
      WHERE ($2::text IS NULL OR c.name = $2) AND v."notAfter" < $1 + interval '13 weeks'
      GROUP BY 1 ORDER BY 1`,
    [now, cluster],
  );
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return Array.from({ length: 14 }, (_, i) => {
    const week = i - 1;
    const r = byWeek.get(week);
    const start = new Date(now.getTime() + week * 7 * 86_400_000);
    return {
      week,
      label: week < 0 ? "past" : `${start.toISOString().slice(5, 10)}`,
      count: r?.n ?? 0,
      weak: r?.weak ?? 0,
    };
  });
}

/** What a version shows as stored, the same in the row and in the API. */
interface VersionStored {
  id: string;
  versionKey: string;
  revision: number | null;
  source: string;
  fingerprintSha256: string | null;
  serial: string | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  signatureAlgorithm: string | null;
  ready: string | null;
  readyReason: string | null;
  readyMessage: string | null;
  issuing: boolean;
  where: string;
  seenIn: Sighting[];
}

/** A version as the API shows it: times as ISO strings, with its rotation outcome as of now. */
export interface LineageVersion extends VersionStored {
  notBefore: string | null;
  notAfter: string;
  deadline: string | null;
  graceSeconds: number | null;
  successorNotBefore: string | null;
  outcome: Outcome | null;
  latenessSeconds: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** A lineage with every version and its rotation outcome as of now. */
export async function lineageDetail(id: string, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const sql = sqlOfPg(pool());
  const [l] = await sql.query<{
    id: string;
    label: string;
    kind: string;
    identity: string;
    cluster: string | null;
    namespace: string | null;
    name: string | null;
    currentVersionId: string | null;
  }>(
    `SELECT l.id, l.label, l.kind, l.identity, c.name AS cluster, l.namespace, l.name, l."currentVersionId"
       FROM certificate_lineage l LEFT JOIN cluster c ON c.id = l."clusterId" WHERE l.id = $1`,
    [id],
  );
  if (!l) return null;
  const vs = await sql.query<
    VersionStored & {
      notBefore: Date | null;
      notAfter: Date;
      renewalTime: Date | null;
      renewBeforeSeconds: number | null;
      firstSeenAt: Date;
      lastSeenAt: Date;
    }
  >(`SELECT * FROM certificate_version WHERE "lineageId" = $1`, [id]);
  const paired = new Map(withSuccessors(vs).map((p) => [p.version.id, p.successorNotBefore]));
  const versions: LineageVersion[] = vs
    .map((v) => {
      const times = v.notBefore
        ? {
            notBefore: v.notBefore,
            notAfter: v.notAfter,
            renewalTime: v.renewalTime,
            renewBeforeSeconds: v.renewBeforeSeconds,
          }
        : null;
      const succ = paired.get(v.id) ?? null;
      const lateness = times ? latenessMs(times, succ) : null;
      return {
        id: v.id,
        versionKey: v.versionKey,
        revision: v.revision,
        source: v.source,
        notBefore: v.notBefore?.toISOString() ?? null,
        notAfter: v.notAfter.toISOString(),
        deadline: times ? deadlineOf(times).toISOString() : null,
        graceSeconds: times ? graceMsOf(times) / 1000 : null,
        successorNotBefore: succ?.toISOString() ?? null,
        outcome: times ? outcomeOf(times, succ, now) : null,
        latenessSeconds: lateness === null ? null : lateness / 1000,
        fingerprintSha256: v.fingerprintSha256,
        serial: v.serial,
        keyAlgorithm: v.keyAlgorithm,
        keySize: v.keySize,
        signatureAlgorithm: v.signatureAlgorithm,
        ready: v.ready,
        readyReason: v.readyReason,
        readyMessage: v.readyMessage,
        issuing: v.issuing,
        where: v.where,
        seenIn: v.seenIn,
        firstSeenAt: v.firstSeenAt.toISOString(),
        lastSeenAt: v.lastSeenAt.toISOString(),
      };
    })
    .sort((a, b) => (a.notBefore ?? a.notAfter).localeCompare(b.notBefore ?? b.notAfter));
  const facts = await lineageFacts(sql, l, l.currentVersionId);
  return { lineage: l, versions, facts, now: now.toISOString() };
}
