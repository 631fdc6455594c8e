import "server-only";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { resolveCleared, upsertFinding } from "@/lib/detection/mutations";
import { defineJob } from "@/lib/jobs/registry";
import {
  type EdgeRow,
  endpointLabel,
  foreignPrincipals,
  isPlaintextCrossCluster,
  PLAINTEXT_RULE,
  plaintextSubject,
  RULE_PLAINTEXT,
  RULE_TRUST_DOMAIN,
  TRUST_DOMAIN_RULE,
} from "./rules";

const ACTOR: Actor = { ...SYSTEM_ACTOR, label: "mesh detection" };
const LOOKBACK_MS = 24 * 3_600_000;

interface Offending extends EdgeRow {
  first: Date;
  last: Date;
  volume: number;
  demo: boolean;
}

/** Edges in [from, to) grouped by their dimensions, with first/last bucket and volume. */
async function edgesBetween(from: Date, to: Date, batchId: string | null): Promise<Offending[]> {
  return sqlOfPg(pool()).query<Offending>(
    `SELECT m.reporter, m."srcCluster", m."srcNamespace", m."srcWorkload", m."srcPrincipal", m."dstCluster", m."dstNamespace",
            m."dstWorkload", m."dstPrincipal", m."securityPolicy", min(m.bucket) AS first, max(m.bucket) AS last,
            sum(m.requests + m.connections)::float8 AS volume, bool_and(b.demo) AS demo
       FROM traffic_edge_minute m JOIN ingest_batch b ON b.id = m."batchId"
      WHERE m.bucket >= $1 AND m.bucket < $2 AND ($3::uuid IS NULL OR m."batchId" = $3)
        AND (m."securityPolicy" = 'none' OR m."srcPrincipal" LIKE 'spiffe://%' OR m."dstPrincipal" LIKE 'spiffe://%')
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
    [from, to, batchId],
  );
}

async function clusterIds(): Promise<{ ids: Map<string, string>; trustDomains: Set<string> }> {
  const rows = await sqlOfPg(pool()).query<{ id: string; name: string; trustDomain: string | null }>(
    `SELECT id, name, "trustDomain" FROM cluster`,
  );
  return {
    ids: new Map(rows.map((r) => [r.name, r.id])),
    trustDomains: new Set(rows.flatMap((r) => (r.trustDomain ? [r.trustDomain.toLowerCase()] : []))),
  };
}

interface Hit {
  rule: string;
  subjectKey: string;
  title: string;
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  startedAt: Date;
  lastAt: Date;
  volume: number;
  demo: boolean;
  evidence: Record<string, unknown>;
}

function hitsOf(edges: Offending[], ids: Map<string, string>, trustDomains: Set<string>): Map<string, Hit> {
  const hits = new Map<string, Hit>();
  const add = (h: Hit) => {
    const k = `${h.rule}#${h.subjectKey}`;
    const prev = hits.get(k);
    if (!prev) hits.set(k, h);
    else {
      prev.startedAt = prev.startedAt < h.startedAt ? prev.startedAt : h.startedAt;
      prev.lastAt = prev.lastAt > h.lastAt ? prev.lastAt : h.lastAt;
      prev.volume += h.volume;
      prev.demo &&= h.demo;
    }
  };
  for (const e of edges) {
    if (isPlaintextCrossCluster(e)) {
      const subjectKey = plaintextSubject(e);
      add({
        rule: RULE_PLAINTEXT,
        subjectKey,
        title: `Plaintext traffic ${e.srcCluster} → ${e.dstCluster}: ${endpointLabel(e.srcCluster, e.srcNamespace, e.srcWorkload)} → ${endpointLabel(e.dstCluster, e.dstNamespace, e.dstWorkload)}`,
        clusterId: ids.get(e.dstCluster ?? "") ?? null,
        namespace: e.dstNamespace,
        workload: e.dstWorkload,
        startedAt: e.first,
        lastAt: e.last,
        volume: e.volume,
        demo: e.demo,
        evidence: {
          srcCluster: e.srcCluster,
          dstCluster: e.dstCluster,
          srcPrincipal: e.srcPrincipal,
          securityPolicy: "none",
        },
      });
    }
    for (const f of foreignPrincipals(e, trustDomains)) {
      const cluster = f.side === "src" ? e.srcCluster : e.dstCluster;
      add({
        rule: RULE_TRUST_DOMAIN,
        subjectKey: f.principal,
        title: `Identity from unknown trust domain "${f.trustDomain}": ${f.principal}`,
        clusterId: ids.get(e.dstCluster ?? "") ?? ids.get(cluster ?? "") ?? null,
        namespace: f.side === "src" ? e.srcNamespace : e.dstNamespace,
        workload: f.side === "src" ? e.srcWorkload : e.dstWorkload,
        startedAt: e.first,
        lastAt: e.last,
        volume: e.volume,
        demo: e.demo,
        evidence: {
          principal: f.principal,
          trustDomain: f.trustDomain,
          knownTrustDomains: [...trustDomains].sort(),
          seenBy: e.dstCluster,
        },
      });
    }
  }
  return hits;
}

async function record(hits: Map<string, Hit>, now: Date) {
  for (const h of hits.values()) {
    await withPgTransaction(pool(), (_c, sql) =>
      upsertFinding(
        sql,
        ACTOR,
        {
          rule: h.rule,
          severity: h.rule === RULE_PLAINTEXT ? PLAINTEXT_RULE.severity : TRUST_DOMAIN_RULE.severity,
          subjectKey: h.subjectKey,
          title: h.title.slice(0, 300),
          clusterId: h.clusterId,
          namespace: h.namespace,
          workload: h.workload,
          startedAt: h.startedAt,
          evidence: {
            ...h.evidence,
            firstBucket: h.startedAt.toISOString(),
            lastBucket: h.lastAt.toISOString(),
            volume: h.volume,
          },
          demo: h.demo,
        },
        now,
      ),
    );
  }
}

/**
 * After a telemetry batch committed: findings for what this batch shows. startedAt is the first offending
 * bucket within a day before the batch's data (an open finding keeps an earlier one).
 */
export async function runMeshDetectionForBatch(batchId: string, now = new Date()): Promise<number> {
  const span = await sqlOfPg(pool()).query<{ lo: Date | null; hi: Date | null }>(
    `SELECT min(bucket) AS lo, max(bucket) AS hi FROM traffic_edge_minute WHERE "batchId" = $1`,
    [batchId],
  );
  const { lo, hi } = span[0] ?? {};
  if (!lo || !hi) return 0;
  const { ids, trustDomains } = await clusterIds();
  const inBatch = hitsOf(await edgesBetween(lo, new Date(hi.getTime() + 60_000), batchId), ids, trustDomains);
  if (!inBatch.size) return 0;
  // The first offending bucket may be older than this batch.
  const around = hitsOf(
    await edgesBetween(new Date(lo.getTime() - LOOKBACK_MS), new Date(hi.getTime() + 60_000), null),
    ids,
    trustDomains,
  );
  for (const [k, h] of inBatch) {
    const a = around.get(k);
    if (a && a.startedAt < h.startedAt) h.startedAt = a.startedAt;
  }
  await record(inBatch, now);
  return inBatch.size;
}

/** On a schedule: open/refresh findings for the last 24 hours and resolve those whose traffic stopped. */
export async function runMeshDetection(now = new Date()): Promise<{ open: number; resolved: number }> {
  const { ids, trustDomains } = await clusterIds();
  const hits = hitsOf(
    await edgesBetween(new Date(now.getTime() - LOOKBACK_MS), now, null),
    ids,
    trustDomains,
  );
  await record(hits, now);
  let resolved = 0;
  for (const rule of [RULE_PLAINTEXT, RULE_TRUST_DOMAIN]) {
    const still = [...hits.values()].filter((h) => h.rule === rule).map((h) => h.subjectKey);
    resolved += await withPgTransaction(pool(), (_c, sql) =>
      resolveCleared(sql, ACTOR, rule, still, { now }),
    );
  }
  return { open: hits.size, resolved };
}

export const meshDetectionJob = defineJob({
  name: "telemetry.detect",
  cron: "*/5 * * * *",
  async handler() {
    await runMeshDetection();
  },
});
