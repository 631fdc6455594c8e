// The certificate KPIs read materialised state (certificate_current, certificate_hygiene_count) and
// classify rotation in SQL; both must give exactly what the reference computation over every lineage's
// versions gives (lib/certificates/rotation.ts and hygiene.ts in JavaScript), for any moment, window and
// cluster — also after later sightings change a version, and after batches are wiped (cascades).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { hygieneKpi, hygieneKpiScan, rotationKpi, rotationKpiFromRows } from "@/lib/certificates/kpi";
import { ingestCertificates, resetCertificates } from "./certificates-helpers";
import { db, tokenFor } from "./fixtures";

const fx = (f: string) => readFileSync(`lib/demo/fixtures/certificates/${f}`, "utf8");
const td = (f: string) => readFileSync(`lib/certificates/testdata/${f}`, "utf8");
let token: string;
const send = (body: string, query: string, headers: Record<string, string> = {}) =>
  ingestCertificates(token, body, query, headers);

beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

const DAY = 86_400_000;
// Moments around the sample story (June 2025) and long after it; windows of a day, a week and a month.
const MOMENTS = [
  "2025-05-20T00:00:00Z",
  "2025-06-10T06:30:00Z",
  "2025-06-15T12:00:00Z",
  "2025-06-16T00:00:00Z",
  "2025-07-14T00:00:00Z",
  "2027-01-01T00:00:00Z",
].map((s) => new Date(s));
const CLUSTERS = [null, "eu-west-prod", "us-east-prod", "no-such-cluster"];

async function expectSameAsReference(label: string) {
  for (const now of MOMENTS)
    for (const cluster of CLUSTERS)
      for (const span of [DAY, 7 * DAY, 30 * DAY]) {
        const scope = { from: new Date(now.getTime() - span), to: now, cluster, now };
        const at = `${label} ${now.toISOString()} ${cluster} ${span / DAY}d`;
        expect(await rotationKpi(scope), at).toEqual(await rotationKpiFromRows(scope));
        expect(await hygieneKpi(scope), at).toEqual(await hygieneKpiScan(scope));
      }
}

describe("materialised certificate KPIs", () => {
  it("match the reference over the samples, weak certificates included", async () => {
    expect((await send(fx("certmanager-certificates.json"), "format=cert-manager")).status).toBe(201);
    await send(fx("istio-workload-cert-chain.pem"), "format=pem&cluster=us-east-prod");
    await send(fx("spire-svid-chain.pem"), "format=pem&cluster=us-east-prod");
    await send(fx("mesh-root-ca.pem"), "format=pem&cluster=us-east-prod");
    await send(fx("cert-expiry-metrics.prom"), "cluster=eu-west-prod", {
      "content-type": "text/plain; version=0.0.4",
    });
    for (const f of ["rsa1024-sha1.pem", "dsa.pem", "rsa2048.pem"])
      expect((await send(td(f), "format=pem&cluster=eu-west-prod")).status).toBe(201);
    const [n] = await db().query<{ total: number }>(
      `SELECT coalesce(sum(total), 0)::int AS total FROM certificate_hygiene_count`,
    );
    const [l] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificate_lineage WHERE "currentVersionId" IS NOT NULL`,
    );
    expect(n.total).toBe(l.n);
    const all = await hygieneKpi({ from: new Date(0), to: MOMENTS[2], cluster: null, now: MOMENTS[2] });
    // rsa1024-sha1 (a server's own self-signed certificate: it names hosts); dsa.pem and rsa2048.pem are
    // self-signed CAs without SANs, i.e. trust anchors, outside the inventory.
    expect(all.weak).toBeGreaterThanOrEqual(1);
    await expectSameAsReference("samples");
  });

  it("a later sighting past notAfter makes a certificate expired in both", async () => {
    // The cert-manager list again, collected much later: every version is seen after its notAfter.
    const later = fx("certmanager-certificates.json").replace(/"collectedAt":\s*"[^"]+"/g, () => {
      return '"collectedAt": "2026-03-01T00:00:00Z"';
    });
    await send(later, "format=cert-manager");
    await expectSameAsReference("re-sighted");
  });

  it("wiping batches (cascades) takes their rows out of the counts", async () => {
    await db().query(
      `DELETE FROM ingest_batch WHERE kind = 'certificates' AND id IN (SELECT "batchId" FROM certificate_lineage WHERE "clusterId" = (SELECT id FROM cluster WHERE name = 'eu-west-prod'))`,
    );
    await expectSameAsReference("after a wipe");
    await resetCertificates();
    const [n] = await db().query<{ total: number }>(
      `SELECT coalesce(sum(total), 0)::int AS total FROM certificate_hygiene_count`,
    );
    expect(n.total).toBe(0);
  });
});
