// Synthetic KPI data for the KPI benchmark, loaded with generate_series straight into the tables the
// product writes, then derived the way the product derives it: decision rollups by
// lib/policy/mutations#rebuildRollups, traffic rollups by lib/telemetry/mutations#refreshRollups, lineage
// deadlines/successors/current versions by lib/certificates/mutations/lineages#recomputeLineages.
//
// Shape of the data (ordinary, skewed, with a daily rhythm):
// - 10 clusters; a cluster's share falls off like r² (the first holds about a third of everything);
// - decisions over the 30 days up to now, busier around one time of day than twelve hours later
//   (4:1), engines opa 55 % / istio 25 % / cilium 12 % / kyverno 5 % / gatekeeper 3 %, 4 % denied;
//   subjects from 41 namespaces × 200 service accounts, targets from 100 hosts × 50 paths, both skewed;
// - traffic: 1-minute edge buckets over 30 days, each edge reporting every minute, 90 % mTLS, a fifth
//   of the edges cross-cluster, a quarter reported by the source side;
// - certificates: lineages with 2–3 versions, lifetimes of 1 day / 90 days / 1 year, rotated on time,
//   late or not at all; 1 % weak;
// - incidents over a year, with detection delays of seconds to hours, most contained and resolved.
import type pg from "pg";
import { sqlOfPg } from "@/lib/db/sql";

export interface KpiDataSizes {
  decisions: number;
  buckets: number;
  certificates: number;
  incidents: number;
}

export const CLUSTERS = Array.from({ length: 10 }, (_, i) => `bench-${String(i + 1).padStart(2, "0")}`);

const DAY = 86_400_000;
const CHUNK = 1_000_000;

/** Removes what a previous load (or the demo data) left in the tables the KPIs read. */
export async function wipeKpiData(c: pg.Client): Promise<void> {
  await c.query(`TRUNCATE policy_decision, policy_decision_hourly, policy_decision_daily, policy_snapshot,
    traffic_edge_minute, traffic_edge_hour, traffic_edge_day, telemetry_flow,
    certificate_version, certificate_lineage, certificate, incident CASCADE`);
}

async function ensureClusters(c: pg.Client): Promise<void> {
  await c.query(
    `INSERT INTO cluster (name, environment) SELECT n, 'prod' FROM unnest($1::text[]) n ON CONFLICT (name) DO NOTHING`,
    [CLUSTERS],
  );
}

async function newBatch(c: pg.Client, kind: string, format: string): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO ingest_batch (kind, format, "payloadSha256", status, "actorType", accepted)
     VALUES ($1, $2, md5(random()::text), 'completed', 'system', 0) RETURNING id`,
    [kind, format],
  );
  return r.rows[0].id;
}

// A cluster id picked with a skew (r² towards the first), for row-generating queries; $cl is the
// array of cluster ids in CLUSTERS order.
const SKEWED_CLUSTER = (cl: string) => `(${cl})[1 + floor(10 * power(random(), 2))::int]`;
// A time in [now − span, now) with a daily rhythm: a uniform position within the day warped so that
// density is four times higher at one phase than at the opposite one.
const RHYTHM_TIME = (now: string, days: string) => `(${now} - make_interval(days => ${days})
    + make_interval(days => floor(random() * ${days})::int)
    + make_interval(secs => 86400 * (x + 0.6 * sin(2 * pi() * x) / (2 * pi()))))`;

async function clusterIds(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ id: string; name: string }>(`SELECT id, name FROM cluster WHERE name = ANY($1)`, [
    CLUSTERS,
  ]);
  const by = new Map(r.rows.map((x) => [x.name, x.id]));
  return CLUSTERS.map((n) => by.get(n) as string);
}

export async function loadDecisions(c: pg.Client, n: number, now: Date, log: (s: string) => void) {
  const { ensureDecisionPartitions, monthKey } = await import("@/lib/policy/partitions");
  const { rebuildRollups } = await import("@/lib/policy/mutations");
  const sql = sqlOfPg(c);
  const from = new Date(now.getTime() - 30 * DAY);
  const months = new Set<string>();
  for (let t = from.getTime(); t <= now.getTime(); t += DAY) months.add(monthKey(new Date(t)));
  await ensureDecisionPartitions(sql, months);
  const batch = await newBatch(c, "policy", "opa");
  const ids = await clusterIds(c);
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    const t0 = performance.now();
    await c.query(
      `INSERT INTO policy_decision (engine, "decisionId", "time", "clusterId", policy, rule, subject, target, action, result, reason, severity, "batchId")
       SELECT engine, 'bench-' || i, t, cl, engine || '.policy-' || floor(12 * power(random(), 2))::int,
              'rule-' || floor(4 * random())::int,
              'spiffe://cluster.local/ns/ns-' || floor(41 * power(random(), 1.5))::int || '/sa/sa-' || floor(200 * power(random(), 1.5))::int,
              'svc-' || floor(100 * power(random(), 2))::int || '.apps.svc:8080/api/p' || floor(50 * random())::int,
              CASE WHEN random() < 0.7 THEN 'GET' ELSE 'POST' END,
              res, CASE WHEN res = 'deny' THEN 'not permitted by policy' END, NULL, $4::uuid
         FROM (SELECT i, ${RHYTHM_TIME("$3::timestamptz", "30")} AS t, ${SKEWED_CLUSTER("$5::uuid[]")} AS cl,
                      CASE WHEN e < 0.55 THEN 'opa' WHEN e < 0.80 THEN 'istio' WHEN e < 0.92 THEN 'cilium'
                           WHEN e < 0.97 THEN 'kyverno' ELSE 'gatekeeper' END AS engine,
                      CASE WHEN r < 0.04 THEN 'deny' WHEN r < 0.05 THEN 'warn' WHEN r < 0.052 THEN 'error'
                           WHEN r < 0.055 THEN 'audit' ELSE 'allow' END AS res
                 FROM (SELECT i, random() AS x, random() AS e, random() AS r FROM generate_series($1::bigint, $2::bigint) i) g) s
        WHERE t < $3::timestamptz`,
      [start + 1, start + count, now, batch, ids],
    );
    log(
      `kpi: decisions ${(start + count).toLocaleString("en")} / ${n.toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  const t0 = performance.now();
  await rebuildRollups(sql, from, now);
  log(`kpi: decision rollups rebuilt (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  // Compliance: an hourly PolicyReport summary and a Gatekeeper audit per cluster over the 30 days.
  await c.query(
    `INSERT INTO policy_snapshot ("clusterId", "batchId", source, "collectedAt", "contentSha256", pass, fail, warn, error, skip)
     SELECT cl, $2::uuid, src, $1::timestamptz - make_interval(hours => h), md5(cl::text || src || h),
            CASE WHEN src = 'policyreport' THEN 400 + (h % 37) ELSE 0 END, 10 + (h % 13), h % 5, h % 3, 0
       FROM unnest($3::uuid[]) cl, generate_series(0, 719) h, unnest(ARRAY['policyreport', 'gatekeeper']) src`,
    [now, batch, ids],
  );
}

export async function loadTraffic(c: pg.Client, n: number, now: Date, log: (s: string) => void) {
  const { ensurePartitions } = await import("@/lib/telemetry/partitions");
  const { refreshRollups } = await import("@/lib/telemetry/mutations");
  const sql = sqlOfPg(c);
  const minutes = 30 * 1440;
  const perMinute = Math.max(1, Math.ceil(n / minutes));
  const edges = Math.max(perMinute * 3, 30);
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const times: number[] = [];
  for (let t = end - minutes * 60_000; t <= end; t += DAY) times.push(t);
  times.push(end);
  await ensurePartitions(sql, "traffic_edge_minute", times);
  const batch = await newBatch(c, "telemetry", "prometheus");
  const t0 = performance.now();
  // Row i: minute i / perMinute, edge ((i mod perMinute) + 13·minute) mod edges, so the edges of one minute
  // are distinct and every edge reports regularly.
  await c.query(
    `INSERT INTO traffic_edge_minute (bucket, "batchId", "edgeKey", reporter, "srcCluster", "srcNamespace", "srcWorkload", "srcPrincipal",
       "dstCluster", "dstNamespace", "dstWorkload", "dstPrincipal", protocol, "securityPolicy", requests, connections, denied, dropped)
     SELECT b, $2::uuid, md5('edge-' || e || r), r, sc, 'ns-' || (e % 41), 'wl-' || (e % 200),
            'spiffe://cluster.local/ns/ns-' || (e % 41) || '/sa/wl-' || (e % 200), dc, 'ns-' || ((e * 7) % 41), 'wl-' || ((e * 11) % 200),
            'spiffe://cluster.local/ns/ns-' || ((e * 7) % 41) || '/sa/wl-' || ((e * 11) % 200), proto,
            CASE WHEN e % 29 = 0 THEN 'unknown' WHEN e % 10 = 7 THEN 'none' ELSE 'mutual_tls' END,
            CASE WHEN proto = 'tcp' THEN 0 ELSE vol END, CASE WHEN proto = 'tcp' THEN ceil(vol / 20) ELSE 0 END,
            CASE WHEN random() < 0.02 THEN 1 ELSE 0 END, 0
       FROM (SELECT b, e, CASE WHEN e % 4 = 3 THEN 'source' ELSE 'destination' END AS r,
                    'bench-' || lpad(((e % 10) + 1)::text, 2, '0') AS sc,
                    'bench-' || lpad((CASE WHEN e % 5 = 0 THEN ((e / 10) % 10) + 1 ELSE (e % 10) + 1 END)::text, 2, '0') AS dc,
                    CASE WHEN e % 3 = 0 THEN 'tcp' ELSE 'http' END AS proto,
                    round(60 * (1 + 0.6 * cos(2 * pi() * extract(epoch FROM b) / 86400)) * (0.5 + random()) * (1 + (e % 7))) AS vol
               FROM (SELECT to_timestamp(($3::bigint - (i / $4) * 60000) / 1000.0) AS b,
                            ((i % $4) + 13 * (i / $4)) % $5 AS e
                       FROM generate_series(1::bigint, $1::bigint) i) g) s`,
    [n, batch, end, perMinute, edges],
  );
  log(`kpi: ${n.toLocaleString("en")} traffic buckets (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const t1 = performance.now();
  const hours: Date[] = [];
  for (let t = end - minutes * 60_000; t <= end; t += 3_600_000) hours.push(new Date(t));
  await c.query("BEGIN");
  await refreshRollups(sql, hours);
  await c.query("COMMIT");
  log(`kpi: traffic rollups refreshed (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
}

export async function loadCertificates(c: pg.Client, n: number, now: Date, log: (s: string) => void) {
  const { recomputeLineages } = await import("@/lib/certificates/mutations/lineages");
  const sql = sqlOfPg(c);
  const batch = await newBatch(c, "certificates", "pem");
  const ids = await clusterIds(c);
  const lineages = Math.max(1, Math.round(n / 2.5));
  const t0 = performance.now();
  // Lineage l: lifetime L (1 day 10 %, 1 year 20 %, else 90 days); rotation interval R by its habit
  // (on time: 2/3 L − 6 h; late: 2/3 L + L/6; lapsing: L + 1 day); the newest version started within
  // the last R. Certificate i is version floor(i / lineages) of lineage i mod lineages (counted back
  // from the newest).
  await c.query("BEGIN");
  await c.query(
    `CREATE TEMP TABLE bench_lineage ON COMMIT DROP AS
     SELECT l, life, rot, $2::timestamptz - rot * random() AS anchor,
            ($3::uuid[])[1 + floor(10 * power(random(), 2))::int] AS cl
       FROM (SELECT l, life, CASE WHEN h < 0.90 THEN life * 2 / 3 - interval '6 hours'
                                  WHEN h < 0.97 THEN life * 2 / 3 + life / 6 ELSE life + interval '1 day' END AS rot
               FROM (SELECT l, random() AS h, CASE WHEN k < 0.10 THEN interval '1 day' WHEN k < 0.30 THEN interval '365 days'
                                                  ELSE interval '90 days' END AS life
                       FROM (SELECT l, random() AS k FROM generate_series(0, $1 - 1) l) a) b) c`,
    [lineages, now, ids],
  );
  await c.query(
    `INSERT INTO certificate_lineage (key, kind, identity, label, "clusterId", namespace, name, "firstSeenAt", "lastSeenAt", "batchId")
     SELECT md5('lineage-' || l), 'x509', 'CN=svc-' || l || '.bench', 'svc-' || l || '.bench', cl, 'ns-' || (l % 41), 'svc-' || l,
            anchor - rot * 2, $1::timestamptz, $2::uuid
       FROM bench_lineage`,
    [now, batch],
  );
  await c.query(
    `CREATE TEMP TABLE bench_cert ON COMMIT DROP AS
     SELECT i, b.l, lin.id AS "lineageId", b.cl, b.anchor - b.rot * (i / $1) AS nb, b.life,
            md5('fp-' || i) || md5('fp2-' || i) AS fp, random() < 0.01 AS weak
       FROM generate_series(0, $2 - 1) i JOIN bench_lineage b ON b.l = i % $1
       JOIN certificate_lineage lin ON lin.key = md5('lineage-' || b.l)`,
    [lineages, n],
  );
  await c.query(
    `INSERT INTO certificate (id, "fingerprintSha256", serial, subject, issuer, "commonName", sans, "notBefore", "notAfter", "keyAlgorithm",
       "keySize", "signatureAlgorithm", "isCA", "selfSigned", der, "clusterId", namespace, "firstSeenAt", "lastSeenAt", "batchId")
     SELECT md5('cert-' || i)::uuid, fp, to_hex(i), 'CN=svc-' || l || '.bench', 'CN=Bench Issuing CA', 'svc-' || l || '.bench',
            ARRAY['DNS:svc-' || l || '.bench'], nb, nb + life, 'RSA', CASE WHEN weak THEN 1024 ELSE 2048 END,
            'sha256WithRSAEncryption', false, false, '\\x00'::bytea, cl, 'ns-' || (l % 41), nb, least($1::timestamptz, nb + life + interval '1 day'), $2::uuid
       FROM bench_cert`,
    [now, batch],
  );
  await c.query(
    `INSERT INTO certificate_version ("lineageId", "versionKey", source, "certificateId", "fingerprintSha256", serial, subject, issuer, sans,
       "notBefore", "notAfter", "keyAlgorithm", "keySize", "signatureAlgorithm", "isCA", weak, "where", "firstSeenAt", "lastSeenAt", "batchId")
     SELECT "lineageId", fp, 'pem', md5('cert-' || i)::uuid, fp, to_hex(i), 'CN=svc-' || l || '.bench', 'CN=Bench Issuing CA',
            ARRAY['DNS:svc-' || l || '.bench'], nb, nb + life, 'RSA', CASE WHEN weak THEN 1024 ELSE 2048 END, 'sha256WithRSAEncryption',
            false, weak, 'tls-endpoint', nb, least($1::timestamptz, nb + life + interval '1 day'), $2::uuid
       FROM bench_cert`,
    [now, batch],
  );
  await c.query("COMMIT");
  const all = (await c.query<{ id: string }>(`SELECT id FROM certificate_lineage`)).rows.map((r) => r.id);
  for (let i = 0; i < all.length; i += 5000) {
    await c.query("BEGIN");
    await recomputeLineages(sql, all.slice(i, i + 5000));
    await c.query("COMMIT");
  }
  log(
    `kpi: ${n.toLocaleString("en")} certificates in ${lineages.toLocaleString("en")} lineages (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}

export async function loadIncidents(c: pg.Client, n: number, now: Date, log: (s: string) => void) {
  const ids = await clusterIds(c);
  const t0 = performance.now();
  await c.query(
    `INSERT INTO incident (title, severity, status, origin, "clusterId", namespace, workload, "startedAt", "startedConfidence",
       "detectedAt", "containedAt", "containedConfidence", "resolvedAt")
     SELECT 'Bench incident ' || i, (ARRAY['critical', 'high', 'medium', 'low'])[1 + floor(4 * random())::int],
            CASE WHEN resolved < $1::timestamptz THEN 'resolved' WHEN contained < $1::timestamptz THEN 'contained' ELSE 'open' END,
            'alertmanager', cl, 'ns-' || (i % 41), 'wl-' || (i % 200),
            CASE WHEN conf = 'unknown' THEN NULL ELSE detected - delay END, conf, detected,
            CASE WHEN contained < $1::timestamptz THEN contained END, CASE WHEN contained < $1::timestamptz THEN 'estimated' END,
            CASE WHEN resolved < $1::timestamptz THEN resolved END
       FROM (SELECT i, cl, conf, detected, delay, detected + make_interval(secs => 60 * exp(7 * random())) AS contained,
                    detected + make_interval(secs => 3600 * exp(4 * random())) AS resolved
               FROM (SELECT i, ($2::uuid[])[1 + floor(10 * power(random(), 2))::int] AS cl,
                            CASE WHEN random() < 0.7 THEN 'observed' WHEN random() < 0.7 THEN 'estimated' ELSE 'unknown' END AS conf,
                            $1::timestamptz - make_interval(secs => 365 * 86400 * random()) AS detected,
                            make_interval(secs => exp(9 * random())) AS delay
                       FROM generate_series(1, $3) i) a) b`,
    [now, ids, n],
  );
  log(`kpi: ${n.toLocaleString("en")} incidents (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

export async function loadKpiData(c: pg.Client, sizes: KpiDataSizes, log: (s: string) => void) {
  const now = new Date();
  await wipeKpiData(c);
  await ensureClusters(c);
  await loadDecisions(c, sizes.decisions, now, log);
  await loadTraffic(c, sizes.buckets, now, log);
  await loadCertificates(c, sizes.certificates, now, log);
  await loadIncidents(c, sizes.incidents, now, log);
  // What autovacuum would do a little later: statistics for the planner on the freshly loaded tables, and
  // the visibility map of the certificate versions (rotation counts are an index-only scan).
  await c.query("VACUUM (ANALYZE) certificate_version, certificate_current");
  await c.query("ANALYZE");
}
