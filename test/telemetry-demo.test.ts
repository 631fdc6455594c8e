// The mesh demo data goes through ingest() like real data, sits just before now, tells its story
// (mostly mTLS, one plaintext cross-cluster edge, one foreign identity, one counter reset), and wipes clean.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { demoSeeders } from "@/lib/demo/registry";
import "@/lib/demo/seeders/clusters";
import "@/lib/demo/seeders/telemetry";
import { clusterPairs, mtlsCoverage } from "@/lib/telemetry/queries";
import { db } from "./fixtures";

const seeder = (name: string) => {
  const s = demoSeeders().find((x) => x.name === name);
  if (!s) throw new Error(`no seeder ${name}`);
  return s;
};

describe("telemetry demo seeder", () => {
  it("seeds current traffic through ingest, opens the story's findings, and wipes it", async () => {
    const now = new Date();
    const w = { from: new Date(now.getTime() - 24 * 3_600_000), to: now };
    // Other test files may have stored non-demo traffic in this window: only the demo's part must go.
    const before = await mtlsCoverage(w);
    await seeder("clusters").seed({ actor: SYSTEM_ACTOR, now });
    const line = await seeder("telemetry").seed({ actor: SYSTEM_ACTOR, now });
    expect(line).toMatch(/^49 Istio metric snapshots \(\d+ samples\), 21 Hubble flows$/);

    const batches = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ingest_batch WHERE demo AND kind = 'telemetry' AND status = 'completed'`,
    );
    expect(batches[0].n).toBe(50);
    const span = await db().query<{ lo: Date; hi: Date }>(
      `SELECT min(m.bucket) AS lo, max(m.bucket) AS hi FROM traffic_edge_minute m JOIN ingest_batch b ON b.id = m."batchId" WHERE b.demo AND m.reporter = 'destination'`,
    );
    expect(span[0].hi.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(now.getTime() - span[0].hi.getTime()).toBeLessThan(5 * 60_000);
    expect(now.getTime() - span[0].lo.getTime()).toBeLessThan(24 * 3_600_000);

    const cov = await mtlsCoverage(w);
    expect(cov.percent).toBeGreaterThan(90);
    expect(cov.percent).toBeLessThan(100);
    expect(cov.crossClusterPercent).toBeLessThan(100);
    const pairs = await clusterPairs(w);
    const usToEu = pairs.find((p) => p.src === "us-east-prod" && p.dst === "eu-west-prod");
    expect(usToEu?.plaintext).toBeGreaterThan(0);

    const findings = await db().query<{ rule: string; subjectKey: string; startedAt: Date }>(
      `SELECT rule, "subjectKey", "startedAt" FROM finding WHERE demo AND rule LIKE 'mesh.%' AND "resolvedAt" IS NULL ORDER BY rule`,
    );
    expect(findings.map((f) => f.subjectKey)).toEqual([
      "us-east-prod/legacy/legacy-billing→eu-west-prod/payments/payments-api",
      "spiffe://partner.example/ns/integrations/sa/sync-agent",
    ]);
    // The plaintext edge's first delta is one snapshot (30 min) after it first appeared 6 h before the last one.
    const hoursAgo = (now.getTime() - findings[0].startedAt.getTime()) / 3_600_000;
    expect(hoursAgo).toBeGreaterThan(5.4);
    expect(hoursAgo).toBeLessThan(5.6);

    const wiped = await withPgTransaction(pool(), (_c, sql) => seeder("telemetry").wipe(sql));
    expect(wiped).toBe(50);
    for (const t of ["traffic_edge_minute", "telemetry_flow"]) {
      const left = await db().query(
        `SELECT 1 FROM ${t} m JOIN ingest_batch b ON b.id = m."batchId" WHERE b.demo`,
      );
      expect(left, t).toHaveLength(0);
    }
    const after = await mtlsCoverage(w);
    expect(after.total).toBe(before.total);
    expect(await db().query(`SELECT 1 FROM finding WHERE demo AND rule LIKE 'mesh.%'`)).toHaveLength(0);
  });
});
