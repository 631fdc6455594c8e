import "server-only";
// Compliance state (policy reports, Gatekeeper): one row per collected state of a report object, appended
// only when the state changed, so the latest row per object is "now" and older rows are history.
import type { IngestContext, RecordRef, Rejection, StoreResult } from "@/lib/ingest/types";
import type { ComplianceSnapshot, ReportListing, ReportRemoval } from "./types";

export function snapshotCounts(s: ComplianceSnapshot) {
  const c = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of s.results) c[r.outcome] += r.count;
  return c;
}

/**
 * The latest state of every report object (cluster, source, group/kind, namespace, name) as of `asOf`,
 * leaving out objects a full listing removed; Gatekeeper's picture is one object per cluster. Shared by
 * the KPI and the Policy page so both count the same reports. For "now" the same rows are materialised in
 * policy_report_current (kept by triggers on policy_snapshot, same order: collectedAt, createdAt, id).
 */
export const LATEST_REPORT_STATES = `
  SELECT * FROM (
    SELECT DISTINCT ON (s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName") s.*
      FROM policy_snapshot s
     WHERE s."collectedAt" <= $1
     ORDER BY s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName", s."collectedAt" DESC, s."createdAt" DESC, s.id DESC
  ) latest WHERE NOT latest.removed`;

const NO_OBJECT = { kind: "", namespace: "", name: "" };

/** The latest row of each object as of now; `removed` rows included (the caller decides). */
const LATEST = `SELECT DISTINCT ON ("reportKind", "reportNamespace", "reportName")
         "reportKind", "reportNamespace", "reportName", "contentSha256", removed, "collectedAt"
    FROM policy_snapshot WHERE "clusterId" = $1 AND source = $2`;
const LATEST_ORDER = `ORDER BY "reportKind", "reportNamespace", "reportName", "collectedAt" DESC, "createdAt" DESC`;

// Rows stored before report objects were kept have an empty identity and hold a whole cluster's reports:
// the first report object stored for that cluster supersedes them (once per batch and cluster).
const legacyChecked = new WeakMap<IngestContext, Set<string>>();
async function retireLegacyPicture(ctx: IngestContext, clusterId: string, at: Date) {
  const seen = legacyChecked.get(ctx) ?? new Set<string>();
  legacyChecked.set(ctx, seen);
  if (seen.has(clusterId)) return;
  seen.add(clusterId);
  await ctx.sql.query(
    `INSERT INTO policy_snapshot ("clusterId", "batchId", source, "collectedAt", "contentSha256", removed, pass, fail, warn, error, skip)
     SELECT $1, $4::uuid, 'policyreport', greatest($3, l."collectedAt"), 'removed', true, 0, 0, 0, 0, 0
       FROM (${LATEST} AND "reportKind" = '' ${LATEST_ORDER}) l
      WHERE NOT l.removed
     ON CONFLICT DO NOTHING`,
    [clusterId, "policyreport", at, ctx.batchId],
  );
}

async function insertResults(ctx: IngestContext, snapshotId: string, s: ComplianceSnapshot) {
  const R = s.results;
  if (!R.length) return;
  await ctx.sql.query(
    `INSERT INTO policy_snapshot_result ("snapshotId", engine, policy, rule, outcome, severity, category, "resourceKind",
       "resourceNamespace", "resourceName", message, "time", count, action)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::timestamptz[], $13::int[], $14::text[])`,
    [
      snapshotId,
      R.map((r) => r.engine),
      R.map((r) => r.policy),
      R.map((r) => r.rule),
      R.map((r) => r.outcome),
      R.map((r) => r.severity),
      R.map((r) => r.category),
      R.map((r) => r.resourceKind),
      R.map((r) => r.resourceNamespace),
      R.map((r) => r.resourceName),
      R.map((r) => r.message),
      R.map((r) => r.time?.toISOString() ?? null),
      R.map((r) => r.count),
      R.map((r) => r.action),
    ],
  );
}

/**
 * Stores each state: a report object's state replaces that object's (other reports of the cluster keep
 * theirs); a Gatekeeper picture replaces the cluster's Gatekeeper picture. The same state as the object's
 * latest is a duplicate and adds no row.
 */
export async function storeSnapshots(
  ctx: IngestContext,
  items: { snapshot: ComplianceSnapshot; ref: RecordRef }[],
): Promise<StoreResult> {
  const rejected: [number, Rejection][] = [];
  let accepted = 0;
  let duplicates = 0;
  // Each insert updates the object's policy_report_current row (a trigger) and holds its lock until
  // commit: taking objects in one order keeps two batches about the same reports from deadlocking.
  const key = ({ snapshot: s }: (typeof items)[number]) =>
    [s.cluster ?? "", s.source, s.report?.kind ?? "", s.report?.namespace ?? "", s.report?.name ?? ""].join(
      "\u0000",
    );
  const ordered = items.map((it, i) => ({ it, i, k: key(it) }));
  ordered.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (const {
    it: { snapshot: s, ref },
    i,
  } of ordered) {
    let cluster: Awaited<ReturnType<IngestContext["clusterOf"]>>;
    try {
      cluster = await ctx.clusterOf(s.cluster);
    } catch (e) {
      rejected.push([i, { ...ref, reason: (e as Error).message }]);
      continue;
    }
    if (!cluster) {
      rejected.push([i, ctx.noCluster(ref)]);
      continue;
    }
    const at = s.collectedAt ?? ctx.receivedAt;
    const o = s.report ?? NO_OBJECT;
    if (s.report) await retireLegacyPicture(ctx, cluster.id, at);
    const latest = await ctx.sql.query<{ contentSha256: string; removed: boolean }>(
      `SELECT "contentSha256", removed FROM policy_snapshot
        WHERE "clusterId" = $1 AND source = $2 AND "reportKind" = $3 AND "reportNamespace" = $4 AND "reportName" = $5
        ORDER BY "collectedAt" DESC, "createdAt" DESC LIMIT 1`,
      [cluster.id, s.source, o.kind, o.namespace, o.name],
    );
    if (latest[0] && !latest[0].removed && latest[0].contentSha256 === s.contentHash) {
      duplicates++;
      continue;
    }
    const c = snapshotCounts(s);
    const ins = await ctx.sql.query<{ id: string }>(
      `INSERT INTO policy_snapshot ("clusterId", "batchId", source, "reportKind", "reportNamespace", "reportName", "collectedAt",
         "contentSha256", pass, fail, warn, error, skip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id`,
      [
        cluster.id,
        ctx.batchId,
        s.source,
        o.kind,
        o.namespace,
        o.name,
        at,
        s.contentHash,
        c.pass,
        c.fail,
        c.warn,
        c.error,
        c.skip,
      ],
    );
    if (!ins[0]) {
      duplicates++;
      continue;
    }
    accepted++;
    await insertResults(ctx, ins[0].id, s);
  }
  // Rejections in the order of the records.
  rejected.sort((a, b) => a[0] - b[0]);
  return { accepted, duplicates, rejected: rejected.map(([, r]) => r) };
}

/** The objects' identities as three parallel arrays, for `unnest`. */
const identities = (objects: ReportListing["present"]) => [
  objects.map((p) => p.kind),
  objects.map((p) => p.namespace),
  objects.map((p) => p.name),
];

/**
 * Marks removed, as of `at`, every report object of the cluster that is still present, whose latest state
 * is not newer than `at`, and that `where` selects (its parameters start at $5). Returns how many. Reads
 * the objects' latest states from policy_report_current (an index lookup per cluster, however long the
 * history), which the statement triggers keep exact also within this transaction.
 */
async function markRemoved(
  ctx: IngestContext,
  clusterId: string,
  at: Date,
  where: string,
  params: unknown[],
): Promise<number> {
  const rows = await ctx.sql.query<{ id: string }>(
    `INSERT INTO policy_snapshot ("clusterId", "batchId", source, "reportKind", "reportNamespace", "reportName", "collectedAt",
       "contentSha256", removed, pass, fail, warn, error, skip)
     SELECT $1, $3::uuid, $2, l."reportKind", l."reportNamespace", l."reportName", $4, 'removed', true, 0, 0, 0, 0, 0
       FROM policy_report_current l
      WHERE l."clusterId" = $1 AND l.source = $2 AND NOT l.removed AND l."collectedAt" <= $4 AND ${where}
     ON CONFLICT DO NOTHING RETURNING id`,
    [clusterId, "policyreport", ctx.batchId, at, ...params],
  );
  return rows.length;
}

/**
 * A full listing of the cluster's reports of some kinds: every report of those kinds whose latest state
 * is older than the listing and that the listing does not hold is marked removed as of the listing.
 */
export async function applyListing(ctx: IngestContext, l: ReportListing): Promise<void> {
  const cluster = await ctx.clusterOf(l.cluster).catch(() => null);
  if (!cluster) return; // its reports were refused for the same reason
  await markRemoved(
    ctx,
    cluster.id,
    l.collectedAt ?? ctx.receivedAt,
    `l."reportKind" = ANY($5::text[])
        AND (l."reportKind", l."reportNamespace", l."reportName") NOT IN
            (SELECT * FROM unnest($6::text[], $7::text[], $8::text[]))`,
    [l.kinds, ...identities(l.present)],
  );
}

/**
 * Report objects deleted from the cluster (a watch's DELETED events): each one still present whose latest
 * state is not newer than the deletion is marked removed as of it. Returns how many were marked.
 */
export async function applyRemoval(ctx: IngestContext, r: ReportRemoval): Promise<number> {
  const cluster = await ctx.clusterOf(r.cluster).catch(() => null);
  if (!cluster || !r.objects.length) return 0;
  return markRemoved(
    ctx,
    cluster.id,
    r.collectedAt ?? ctx.receivedAt,
    `(l."reportKind", l."reportNamespace", l."reportName") IN
            (SELECT * FROM unnest($5::text[], $6::text[], $7::text[]))`,
    identities(r.objects),
  );
}
