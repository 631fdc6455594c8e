// Certificates through the real ingest route: every sample, idempotency, KPIs and findings for the
// sample story (now = 2025-06-15T12:00Z), and bad input that must never be a 500.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { RULE_EXPIRED, RULE_ROTATION, runCertificateDetection } from "@/lib/certificates/detection";
import { hygieneKpi, rotationKpi } from "@/lib/certificates/kpi";
import { ingestCertificates, resetCertificates } from "./certificates-helpers";
import { call, db, tokenFor } from "./fixtures";

const fx = (f: string) => readFileSync(`lib/demo/fixtures/certificates/${f}`, "utf8");
const td = (f: string) => readFileSync(`lib/certificates/testdata/${f}`);
const NOW = new Date("2025-06-15T12:00:00Z");
const scope = (cluster: string | null, from = "2025-05-15T00:00:00Z", to = "2025-06-15T00:00:00Z") => ({
  from: new Date(from),
  to: new Date(to),
  cluster,
  now: NOW,
});

let token: string;
const send = (body: string | Uint8Array, query: string, headers: Record<string, string> = {}) =>
  ingestCertificates(token, body, query, headers);
async function counts() {
  const [r] = await db().query<{ l: number; v: number; c: number; s: string }>(
    `SELECT (SELECT count(*) FROM certificate_lineage)::int AS l, (SELECT count(*) FROM certificate_version)::int AS v,
            (SELECT count(*) FROM certificate)::int AS c,
            (SELECT coalesce(string_agg("lastSeenAt"::text || ready::text, ',' ORDER BY id), '') FROM certificate_version) AS s`,
  );
  return r;
}

beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

/** The KPI over the default window equals the expected figures for each cluster (null: all of them). */
async function expectPerCluster<T>(
  kpi: (s: ReturnType<typeof scope>) => Promise<T>,
  rows: [string | null, T][],
) {
  for (const [cluster, figures] of rows) expect(await kpi(scope(cluster)), `${cluster}`).toEqual(figures);
}

describe("the samples", () => {
  it("cert-manager envelopes: 9 items, two of them the same revision again (duplicates)", async () => {
    const r = await send(fx("certmanager-certificates.json"), "format=cert-manager");
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "completed", accepted: 7, duplicates: 2, rejected: [] });
  });

  it("PEM chains: the shared intermediate is stored once", async () => {
    const a = await send(fx("istio-workload-cert-chain.pem"), "cluster=us-east-prod"); // sniffed
    expect(a.json).toMatchObject({ format: "pem", accepted: 2, duplicates: 0 });
    const b = await send(fx("spire-svid-chain.pem"), "format=pem&cluster=us-east-prod");
    expect(b.json).toMatchObject({ accepted: 1, duplicates: 1 });
    const c = await send(fx("mesh-root-ca.pem"), "format=pem&cluster=us-east-prod");
    expect(c.json).toMatchObject({ accepted: 1, duplicates: 0 });
    const [row] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificate WHERE subject = 'O=acme.internal, CN=Intermediate CA us-east-prod'`,
    );
    expect(row.n).toBe(1);
  });

  it("x509-exporter metrics: 4 certificates, the 3 certmanager_* families reported", async () => {
    const r = await send(fx("cert-expiry-metrics.prom"), "cluster=eu-west-prod", {
      "content-type": "text/plain; version=0.0.4",
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      format: "x509-exporter",
      status: "partial",
      accepted: 4,
      rejectedCount: 3,
    });
    expect(r.json.rejected[0].line).toBe(20);
    expect(r.json.rejected[0].reason).toMatch(/certmanager_certificate_expiration_timestamp_seconds/);
  });

  it("re-sending changes nothing: the same payload is a duplicate batch, the same records count as duplicates", async () => {
    const before = await counts();
    const again = await send(fx("certmanager-certificates.json"), "format=cert-manager");
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: "duplicate", accepted: 0 });
    // The us@06-15 snapshot alone, as a new payload: every record is already known.
    const one = JSON.stringify(JSON.parse(fx("certmanager-certificates.json"))[2]);
    const r = await send(one, "format=cert-manager");
    expect(r.json).toMatchObject({ status: "completed", accepted: 0, duplicates: 3 });
    const pem = await send(`${fx("spire-svid-chain.pem")}\n`, "format=pem&cluster=us-east-prod");
    expect(pem.json).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await counts()).toEqual(before);
  });

  it("the ledger-db-client lineage: revision 2 late by 4 d 6 h 40 min 11 s", async () => {
    const rows = await db().query<{
      revision: number;
      deadline: Date;
      successorNotBefore: Date | null;
      graceSeconds: number;
    }>(
      `SELECT v.revision, v.deadline, v."successorNotBefore", v."graceSeconds" FROM certificate_version v
         JOIN certificate_lineage l ON l.id = v."lineageId" WHERE l.identity = 'ledger/ledger-db-client' ORDER BY v.revision`,
    );
    expect(rows.map((r) => r.revision)).toEqual([2, 3]);
    expect(rows[0].deadline.toISOString()).toBe("2025-06-09T10:00:00.000Z");
    expect(rows[0].successorNotBefore?.toISOString()).toBe("2025-06-13T16:40:11.000Z");
    expect(rows[0].successorNotBefore!.getTime() - rows[0].deadline.getTime()).toBe(
      ((4 * 24 + 6) * 3600 + 40 * 60 + 11) * 1000,
    );
    expect(rows[0].graceSeconds).toBe(3600);
    expect(rows[1].successorNotBefore).toBeNull();
  });

  it("rotation on schedule for 2025-05-15..2025-06-15 at 2025-06-15T12:00Z", async () => {
    // Due: ingressgw-public-tls rev 2 (deadline 05-26, no successor, past notAfter → missed) and
    // ledger-db-client rev 2 (deadline 06-09, successor 06-13 ≤ notAfter 06-16 → late).
    await expectPerCluster(rotationKpi, [
      [null, { due: 2, onTime: 0, late: 1, missed: 1, overdue: 0, percent: 0 }],
      ["us-east-prod", { due: 1, onTime: 0, late: 1, missed: 0, overdue: 0, percent: 0 }],
      ["eu-west-prod", { due: 1, onTime: 0, late: 0, missed: 1, overdue: 0, percent: 0 }],
    ]);
    // Up to now itself: the SPIRE SVID's deadline (12:11:07) is still ahead, the Istio leaf's (19:10:44) too.
    const upToNow = await rotationKpi(scope(null, "2025-05-15T00:00:00Z", "2025-06-15T12:00:00Z"));
    expect(upToNow).toEqual({ due: 2, onTime: 0, late: 1, missed: 1, overdue: 0, percent: 0 });
    // A window that ends before ledger's deadline keeps only the ingress certificate.
    expect((await rotationKpi(scope(null, "2025-05-15T00:00:00Z", "2025-06-01T00:00:00Z"))).due).toBe(1);
  });

  it("hygiene at 2025-06-15T12:00Z", async () => {
    // 9 inventory entries, each certificate once however many sources saw it. eu-west-prod: the 3
    // cert-manager Certificates; the exporter's 3 secrets (same Secret, same notAfter) and the blackbox
    // probe of shop.eu (same notAfter, shared SAN) are sightings of them. us-east-prod: cert-manager 3 and
    // PEM 3 (Istio leaf, SPIRE leaf, intermediate); the mesh root is a trust anchor, not inventory.
    // Expired: ingressgw (cert-manager saw it 06-15, after notAfter 06-10; the exporter says expired).
    // Within 7 d: the Istio leaf (06-16) and the SPIRE leaf (12:31 today). Within 30 d add payments-api-mtls
    // (07-01) and ledger-db-client rev 3 (07-13). Nothing weak (all ECDSA P-256); no non-CA lifetime over 90 d.
    await expectPerCluster(hygieneKpi, [
      [null, { total: 9, expired: 1, expiring7d: 2, expiring30d: 4, weak: 0, longLived: 0 }],
      ["eu-west-prod", { total: 3, expired: 1, expiring7d: 0, expiring30d: 1, weak: 0, longLived: 0 }],
      ["us-east-prod", { total: 6, expired: 0, expiring7d: 2, expiring30d: 3, weak: 0, longLived: 0 }],
    ]);
  });

  it("GET /api/v1/kpis carries both sections", async () => {
    const r = await call(kpisRoute, {
      token,
      path: "/api/v1/kpis?from=2025-05-15T00:00:00Z&to=2025-06-15T00:00:00Z&cluster=us-east-prod",
    });
    expect(r.status).toBe(200);
    // The route's now is the wall clock (2026+): ledger rev 2 is still late; everything else is past.
    expect(r.json.rotationOnSchedule).toMatchObject({ due: 1, late: 1, percent: 0 });
    expect(r.json.certificates.total).toBe(6);
  });

  it("findings at 2025-06-15T12:00Z: expired-in-use (startedAt = notAfter) and the missed rotation (startedAt = deadline)", async () => {
    await runCertificateDetection({ now: NOW });
    const open = await db().query<{ rule: string; title: string; startedAt: Date; severity: string }>(
      `SELECT rule, title, "startedAt", severity FROM finding WHERE "resolvedAt" IS NULL AND rule LIKE 'certificate.%' ORDER BY rule, title`,
    );
    expect(open.map((f) => [f.rule, f.title, f.startedAt.toISOString(), f.severity])).toEqual([
      // Once: the exporter's sighting of this certificate is part of the cert-manager lineage.
      [
        RULE_EXPIRED,
        "Expired certificate still in use: eu-west-prod: istio-ingress/ingressgw-public-tls",
        "2025-06-10T09:00:00.000Z",
        "high",
      ],
      [
        RULE_ROTATION,
        "Rotation missed: eu-west-prod: istio-ingress/ingressgw-public-tls",
        "2025-05-26T09:00:00.000Z",
        "high",
      ],
    ]);
  });

  it("an overdue rotation opens a finding that resolves once the new revision arrives", async () => {
    const cert = (rev: number, nb: string, na: string, rt: string) => ({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "api", namespace: "billing" },
      spec: {
        secretName: "api",
        issuerRef: { name: "ca", kind: "ClusterIssuer" },
        dnsNames: ["api.billing"],
      },
      status: {
        notBefore: nb,
        notAfter: na,
        renewalTime: rt,
        revision: rev,
        conditions: [{ type: "Issuing", status: "True", reason: "Renewing" }],
      },
    });
    const env = (at: string, item: object) =>
      JSON.stringify({ cluster: "overdue-test", collectedAt: at, payload: { kind: "List", items: [item] } });
    await send(
      env(
        "2025-06-14T00:00:00Z",
        cert(1, "2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z", "2025-06-10T00:00:00Z"),
      ),
      "format=cert-manager",
    );
    await runCertificateDetection({ now: NOW });
    const [f] = await db().query<{ title: string; startedAt: Date; severity: string }>(
      `SELECT title, "startedAt", severity FROM finding WHERE rule = $1 AND "resolvedAt" IS NULL AND title LIKE '%overdue-test%'`,
      [RULE_ROTATION],
    );
    expect(f).toMatchObject({ title: "Rotation overdue: overdue-test: billing/api", severity: "medium" });
    expect(f.startedAt.toISOString()).toBe("2025-06-10T00:00:00.000Z");
    expect(await rotationKpi(scope("overdue-test"))).toMatchObject({ due: 1, overdue: 1, percent: 0 });

    await send(
      env(
        "2025-06-15T11:00:00Z",
        cert(2, "2025-06-15T10:00:00Z", "2025-07-15T10:00:00Z", "2025-07-05T10:00:00Z"),
      ),
      "format=cert-manager",
    );
    // A run scoped to one cluster (as after a batch) leaves other clusters' findings alone, even at a time
    // (2025-05-01) when a global run would resolve the three eu-west-prod ones.
    const [{ id: otherCluster }] = await db().query<{ id: string }>(
      `SELECT id FROM cluster WHERE name = 'overdue-test'`,
    );
    await runCertificateDetection({ now: new Date("2025-05-01T00:00:00Z"), clusterIds: [otherCluster] });
    const openEu = `SELECT 1 FROM finding WHERE rule LIKE 'certificate.%' AND "resolvedAt" IS NULL AND title LIKE '%eu-west-prod%'`;
    expect(await db().query(openEu)).toHaveLength(2);
    await runCertificateDetection({ now: new Date("2025-05-01T00:00:00Z") });
    expect(await db().query(openEu)).toHaveLength(0);
    await runCertificateDetection({ now: NOW });
    const still = await db().query(
      `SELECT 1 FROM finding WHERE rule = $1 AND "resolvedAt" IS NULL AND title LIKE '%overdue-test%'`,
      [RULE_ROTATION],
    );
    expect(still).toHaveLength(0);
    expect(await rotationKpi(scope("overdue-test"))).toMatchObject({ due: 1, late: 1, percent: 0 });
  });
});

describe("bad input: clear 4xx or per-record rejections, never a 500", () => {
  it("an empty body, an unknown format, base64 garbage and a DER file are 400 and store nothing", async () => {
    const before = await counts();
    const cases: [string | Uint8Array, string, RegExp][] = [
      ["", "format=pem&cluster=c1", /empty/],
      ["x", "format=nope&cluster=c1", /Unknown format "nope".*pem, cert-manager, x509-exporter/],
      [
        Buffer.from("definitely not a certificate").toString("base64"),
        "format=pem&cluster=c1",
        /No PEM block/,
      ],
      [new Uint8Array(td("rsa2048.der")), "format=pem&cluster=c1", /binary DER/],
      [new Uint8Array(td("rsa2048.der")), "cluster=c1", /Could not detect the format/],
      ["{not json", "format=cert-manager&cluster=c1", /not valid JSON/],
      [fx("certmanager-certificates.eu-west-prod.raw.json"), "format=cert-manager", /No cluster/],
      ["hello\nworld", "format=x509-exporter&cluster=c1", /not text exposition/],
    ];
    for (const [body, q, msg] of cases) {
      const r = await send(body, q);
      expect(r.status, q).toBe(400);
      expect(r.json.error.message, q).toMatch(msg);
    }
    expect(await counts()).toEqual(before);
  });

  it("truncated PEM, garbage inside a block and a private key are per-block rejections", async () => {
    const good = td("ed25519.pem").toString();
    const body = [
      good,
      "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----",
      td("private-key.pem").toString(),
      good.slice(0, 200),
    ].join("\n");
    const r = await send(body, "format=pem&cluster=bad-input");
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "partial", accepted: 1, rejectedCount: 3 });
    expect(
      r.json.rejected.map((x: { index: number; reason: string }) => [x.index, x.reason.split(":")[0]]),
    ).toEqual([
      [1, "the CERTIFICATE block is not valid base64"],
      [2, "skipped"],
      [3, "truncated"],
    ]);
    expect(r.json.rejected[1].reason).toMatch(/private key/);
    const stored = await db().query<{ errors: unknown }>(`SELECT errors FROM ingest_batch WHERE id = $1`, [
      r.json.batchId,
    ]);
    expect(JSON.stringify(stored[0].errors)).not.toMatch(/MII/); // no key material kept
  });

  it("a private key alone is rejected per record; nothing is stored and the answer is 422, not a success", async () => {
    const r = await send(td("private-key.pem"), "format=pem&cluster=bad-input");
    expect(r.status).toBe(422);
    expect(r.json.error.details).toMatchObject({ accepted: 0, duplicates: 0, rejectedCount: 1 });
    expect(r.json.error.details.rejected[0].reason).toMatch(/private key/);
  });

  it("a List with one broken item stores the good ones and names the broken one", async () => {
    const list = JSON.parse(fx("certmanager-certificates.eu-west-prod.raw.json"));
    list.items[1].status.notAfter = "not a date";
    const r = await send(JSON.stringify(list), "format=cert-manager&cluster=broken-item");
    expect(r.json).toMatchObject({ status: "partial", accepted: 2, rejectedCount: 1 });
    expect(r.json.rejected[0]).toMatchObject({ index: 1 });
    expect(r.json.rejected[0].reason).toMatch(/status.notAfter/);
  });

  it("gzip bodies are accepted", async () => {
    const { gzipSync } = await import("node:zlib");
    const r = await send(new Uint8Array(gzipSync(td("dsa.pem"))), "format=pem&cluster=gz", {
      "content-encoding": "gzip",
    });
    expect(r.json).toMatchObject({ accepted: 1 });
    // A self-signed DSA CA: a trust anchor, kept outside the inventory.
    const [c] = await db().query<{ trustAnchor: boolean }>(
      `SELECT "trustAnchor" FROM certificate WHERE "keyAlgorithm" = 'DSA'`,
    );
    expect(c.trustAnchor).toBe(true);
  });
});
