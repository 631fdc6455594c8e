import "server-only";
import type { Sql } from "@/lib/db/sql";
import { computeKpis } from "@/lib/kpi/compute";
import { formatTarget, formatValue, metricDef, metricValue, targetStatus } from "@/lib/kpi/targets";
import { getTargets } from "@/lib/kpi/targets-store";

// Posture notices events by looking at its own tables (incidents, findings, the certificate inventory,
// the risk register, KPIs against targets) rather than by hooks in every writer: nothing is missed while
// the worker was down, and each event is recorded once (unique dedupeKey), whoever scans.

const DAY_MS = 86_400_000;
/** How far back a scan looks for state changes it has not recorded yet. */
const LOOKBACK = "7 days";

const INSERT = `INSERT INTO notification_event
  (type, "dedupeKey", severity, cluster, namespace, title, detail, path, data, "occurredAt")`;
const ON_CONFLICT = `ON CONFLICT ("dedupeKey") DO NOTHING`;
const UTC = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')`;

async function incidents(sql: Sql): Promise<number> {
  const opened = await sql.query(
    `${INSERT}
     SELECT 'incident.opened', 'incident.opened:' || i.id, i.severity, c.name, i.namespace,
            'Incident #' || i.number || ': ' || i.title,
            'Opened (' || i.origin || ')' || COALESCE(', workload ' || i.workload, '') ||
              '; detected ' || ${UTC(`i."detectedAt"`)} || '; status ' || i.status,
            '/incidents/' || i.id, jsonb_build_object('incidentId', i.id), i."createdAt"
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i."createdAt" > now() - interval '${LOOKBACK}'
     ${ON_CONFLICT} RETURNING 1`,
  );
  const contained = await sql.query(
    `${INSERT}
     SELECT 'incident.contained', 'incident.contained:' || i.id, i.severity, c.name, i.namespace,
            'Incident #' || i.number || ': ' || i.title,
            'Contained ' || ${UTC(`i."containedAt"`)} ||
              COALESCE(' (' || i."containedConfidence" || ')', '') ||
              ', ' || round(extract(epoch FROM i."containedAt" - i."detectedAt") / 60) || ' min after detection',
            '/incidents/' || i.id, jsonb_build_object('incidentId', i.id), i."containedAt"
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i."containedAt" IS NOT NULL AND i."updatedAt" > now() - interval '${LOOKBACK}'
     ${ON_CONFLICT} RETURNING 1`,
  );
  return opened.length + contained.length;
}

async function findings(sql: Sql): Promise<number> {
  const rows = await sql.query(
    `${INSERT}
     SELECT 'finding.opened', 'finding.opened:' || f.id, f.severity, c.name, f.namespace, f.title,
            'Rule ' || f.rule || '; started ' || ${UTC(`f."startedAt"`)} || ', detected ' || ${UTC(`f."detectedAt"`)},
            '/findings?rule=' || f.rule, jsonb_build_object('findingId', f.id, 'rule', f.rule), f."detectedAt"
       FROM finding f LEFT JOIN cluster c ON c.id = f."clusterId"
      WHERE f."detectedAt" > now() - interval '${LOOKBACK}'
     ${ON_CONFLICT} RETURNING 1`,
  );
  return rows.length;
}

/** The "days ahead" thresholds rules ask for, per event type (one event per certificate and threshold). */
async function thresholds(sql: Sql, type: string): Promise<number[]> {
  const rows = await sql.query<{ d: number }>(
    `SELECT DISTINCT "daysAhead" AS d FROM notification_rule WHERE enabled AND $1 = ANY(events)`,
    [type],
  );
  return rows.map((r) => Number(r.d));
}

// A certificate's current version is the newest of its lineage. Trust anchors (self-signed CAs, decided
// once at ingest by lib/certificates/trust-anchor.ts) are not lineages: they live in `certificate` with
// every cluster they were seen in, and expire per cluster that holds them.
async function certificates(sql: Sql, now: Date): Promise<number> {
  let n = 0;
  const severity = `CASE WHEN x."notAfter" < $2::timestamptz + interval '7 days' THEN 'high' ELSE 'medium' END`;
  const expires = `'Expires ' || ${UTC(`x."notAfter"`)} || ' (in ' ||
    greatest(0, floor(extract(epoch FROM x."notAfter" - $2::timestamptz) / 86400))::int || ' days)'`;
  const within = `x."notAfter" >= $2::timestamptz AND x."notAfter" < $2::timestamptz + make_interval(days => $3::int)`;
  for (const days of await thresholds(sql, "certificate.expiring")) {
    const rows = await sql.query(
      `${INSERT}
       SELECT $1, $1 || ':' || $3::int || ':' || x.id, ${severity}, c.name, l.namespace, l.label,
              ${expires} || '; issuer ' || x.issuer, '/certificates/lineages/' || l.id,
              jsonb_build_object('lineageId', l.id, 'days', $3::int, 'notAfter', x."notAfter"), $2::timestamptz
         FROM certificate_lineage l
         JOIN certificate_version x ON x.id = l."currentVersionId"
         LEFT JOIN cluster c ON c.id = l."clusterId"
        WHERE ${within}
       ${ON_CONFLICT} RETURNING 1`,
      ["certificate.expiring", now.toISOString(), days],
    );
    n += rows.length;
  }
  for (const days of await thresholds(sql, "trust-anchor.expiring")) {
    const rows = await sql.query(
      `${INSERT}
       SELECT $1, $1 || ':' || $3::int || ':' || x."fingerprintSha256" || ':' || p.cluster, ${severity}, p.cluster, NULL,
              'Trust anchor ' || COALESCE(x."commonName", x.subject),
              ${expires} || '; seen in ' || p.places, '/certificates/trust-anchors?cluster=' || p.cluster,
              jsonb_build_object('fingerprintSha256', x."fingerprintSha256", 'days', $3::int, 'notAfter', x."notAfter"),
              $2::timestamptz
         FROM certificate x,
              LATERAL (SELECT e->>'cluster' AS cluster, string_agg(DISTINCT e->>'where', ', ') AS places
                         FROM jsonb_array_elements(x."seenIn") e GROUP BY 1) p
        WHERE x."trustAnchor" AND ${within}
       ${ON_CONFLICT} RETURNING 1`,
      ["trust-anchor.expiring", now.toISOString(), days],
    );
    n += rows.length;
  }
  return n;
}

async function risks(sql: Sql, now: Date): Promise<number> {
  let n = 0;
  for (const days of await thresholds(sql, "risk.acceptance-expiring")) {
    const rows = await sql.query(
      `${INSERT}
       SELECT 'risk.acceptance-expiring',
              'risk.acceptance-expiring:' || $2::int || ':' || r.id || ':' || r."acceptanceExpiresAt",
              NULL, CASE WHEN cardinality(r.clusters) = 1 THEN r.clusters[1] END, NULL, r.title,
              'The acceptance expires ' || ${UTC(`r."acceptanceExpiresAt"`)} || '; the risk then reopens',
              '/risks/' || r.id, jsonb_build_object('riskId', r.id, 'clusters', r.clusters, 'days', $2::int), $1::timestamptz
         FROM risk r
        WHERE r."acceptanceState" = 'approved' AND r."acceptanceExpiresAt" >= $1::timestamptz
          AND r."acceptanceExpiresAt" < $1::timestamptz + make_interval(days => $2::int)
       ${ON_CONFLICT} RETURNING 1`,
      [now.toISOString(), days],
    );
    n += rows.length;
  }
  const overdue = await sql.query(
    `${INSERT}
     SELECT 'risk.review-overdue', 'risk.review-overdue:' || r.id || ':' || r."reviewDue",
            NULL, CASE WHEN cardinality(r.clusters) = 1 THEN r.clusters[1] END, NULL, r.title,
            'Review was due ' || ${UTC(`r."reviewDue"`)},
            '/risks/' || r.id, jsonb_build_object('riskId', r.id, 'clusters', r.clusters), r."reviewDue"
       FROM risk r
      WHERE r.status <> 'closed' AND r."reviewDue" < $1::timestamptz
        AND r."reviewDue" > $1::timestamptz - interval '${LOOKBACK}'
     ${ON_CONFLICT} RETURNING 1`,
    [now.toISOString()],
  );
  return n + overdue.length;
}

/** How often KPIs are compared with their targets (a KPI computation is not free). */
export const KPI_CHECK_EVERY_MS = 5 * 60_000;

/**
 * kpi.off-target fires when a KPI crosses its target either way (over the last 30 days, overall and per
 * cluster). The first look only records the state: a crossing needs a before and an after.
 */
async function kpiCrossings(sql: Sql, now: Date): Promise<number> {
  const last = await sql.query<{ at: Date | null }>(
    `SELECT max("checkedAt") AS at FROM notification_kpi_state`,
  );
  if (last[0]?.at && now.getTime() - new Date(last[0].at).getTime() < KPI_CHECK_EVERY_MS) return 0;
  const wanted = await sql.query(
    `SELECT 1 FROM notification_rule WHERE enabled AND 'kpi.off-target' = ANY(events) LIMIT 1`,
  );
  if (!wanted.length) return 0;
  const targets = await getTargets();
  const clusters = await sql.query<{ name: string }>(`SELECT name FROM cluster ORDER BY name`);
  let n = 0;
  for (const cluster of [null, ...clusters.map((c) => c.name)]) {
    const kpis = await computeKpis({ from: new Date(now.getTime() - 30 * DAY_MS), to: now, cluster, now });
    for (const [metric, target] of Object.entries(targets)) {
      const def = metricDef(metric);
      if (!def || !target) continue;
      const value = metricValue(kpis, metric);
      const status = targetStatus(value, target);
      if (status !== "met" && status !== "missed") continue;
      const off = status === "missed";
      const scope = cluster ?? "*";
      const prev = await sql.query<{ offTarget: boolean }>(
        `SELECT "offTarget" FROM notification_kpi_state WHERE metric = $1 AND scope = $2`,
        [metric, scope],
      );
      await sql.query(
        `INSERT INTO notification_kpi_state (metric, scope, "offTarget", value, "checkedAt")
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (metric, scope) DO UPDATE SET "offTarget" = EXCLUDED."offTarget", value = EXCLUDED.value,
           "checkedAt" = EXCLUDED."checkedAt"`,
        [metric, scope, off, value, now.toISOString()],
      );
      if (!prev.length || prev[0].offTarget === off) continue;
      const shown = formatValue(value, def.unit);
      const goal = formatTarget(target, def.unit);
      const rows = await sql.query(
        `${INSERT} VALUES ('kpi.off-target', $1, $2, $3, NULL, $4, $5, $6, $7::jsonb, $8) ${ON_CONFLICT} RETURNING 1`,
        [
          `kpi.off-target:${metric}:${scope}:${now.toISOString()}`,
          off ? "high" : "info",
          cluster,
          `${def.label} ${off ? "is off target" : "is back on target"}${cluster ? ` in ${cluster}` : ""}`,
          `${def.label} over the last 30 days is ${shown} (target ${goal})`,
          cluster ? `${def.href}?cluster=${encodeURIComponent(cluster)}` : def.href,
          JSON.stringify({ metric, value, target, offTarget: off }),
          now.toISOString(),
        ],
      );
      n += rows.length;
    }
  }
  return n;
}

/** Records every event noticed since the last scan; returns how many are new. */
export async function scanEvents(sql: Sql, now = new Date()): Promise<number> {
  return (
    (await incidents(sql)) +
    (await findings(sql)) +
    (await certificates(sql, now)) +
    (await risks(sql, now)) +
    (await kpiCrossings(sql, now))
  );
}
