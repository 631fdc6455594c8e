// The demo seeder goes through ingest() like real data, looks current, and wipes cleanly.
import { beforeAll, describe, expect, it } from "vitest";
import { hygieneKpi, rotationKpi } from "@/lib/certificates/kpi";
import { seedDemo, wipeDemo } from "@/lib/demo";
import { resetCertificates } from "./certificates-helpers";
import { db } from "./fixtures";

beforeAll(resetCertificates);

describe("certificates demo data", () => {
  // seedDemo({ force: true }) loads every domain's demo data (about 20,000 policy decisions among them):
  // well over the default 30 s on a busy two-core CI machine, so this test gets the time risks-demo gets.
  it("seeds lineages with history, KPIs and findings as of now; wipe removes them", async () => {
    const r = await seedDemo({ force: true });
    expect(r.summary.find((s) => s.startsWith("certificates:"))).toMatch(/batches/);
    const now = new Date();
    const scope = { from: new Date(now.getTime() - 30 * 86_400_000), to: now, cluster: null, now };
    const rot = await rotationKpi(scope);
    const hyg = await hygieneKpi(scope);
    console.info("[demo] rotation", rot, "hygiene", hyg);
    expect(rot.due).toBeGreaterThan(5);
    expect(rot.late).toBeGreaterThan(0);
    expect(rot.onTime).toBeGreaterThan(rot.late);
    expect(hyg.total).toBeGreaterThan(20);
    expect(hyg.expired).toBeGreaterThan(0); // the ingress certificate of the story
    expect(hyg.weak).toBeGreaterThan(0); // the legacy RSA-1024 bridge
    const findings = await db().query(
      `SELECT rule FROM finding WHERE demo AND "resolvedAt" IS NULL AND rule LIKE 'certificate.%'`,
    );
    expect(findings.length).toBeGreaterThan(0);
    const batches = await db().query<{ demo: boolean }>(
      `SELECT demo FROM ingest_batch WHERE kind = 'certificates'`,
    );
    expect(batches.every((b) => b.demo)).toBe(true);

    await wipeDemo();
    const left = await db().query(
      `SELECT 1 FROM certificate_lineage UNION ALL SELECT 1 FROM certificate_version UNION ALL SELECT 1 FROM certificate`,
    );
    expect(left).toHaveLength(0);
  }, 120_000);
});
