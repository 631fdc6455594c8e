// One certificate, one inventory entry (issue 11 item 4): a certificate seen through several sources — a
// PEM upload, x509-certificate-exporter series, a blackbox_exporter probe, a cert-manager Certificate, a
// TLS scan — is one entry with every place it was seen, in each cluster it is in, and the KPIs count it
// once. Fixtures are written in each tool's shape around certificates made by openssl for this test.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/certificates/route";
import { hygieneKpi, rotationKpi } from "@/lib/certificates/kpi";
import { ingestCertificates, resetCertificates } from "./certificates-helpers";
import { type IssuedCert, makePki } from "./certificates-pki";
import { call, db, tokenFor } from "./fixtures";

let token: string;
const pki = makePki({ root: "Shop Test Root", intermediate: "Shop Test Issuing CA" });
const leaf = pki.leaf({
  cn: "shop.one.example",
  dns: ["shop.one.example", "www.shop.one.example"],
  serial: "5EC0DE0001",
  days: 30,
});
const DAY = 86_400_000;
const unix = (d: Date) => d.getTime() / 1000;

beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

const send = async (body: string, query: string) =>
  (await ingestCertificates(token, body, query)) as { status: number; json: Record<string, unknown> };

/** What enix's exporter publishes for a TLS Secret: one label set per certificate, serial in decimal. */
function exporterMetrics(c: IssuedCert, opts: { scrapedAt: Date; cluster?: string }) {
  const labels = [
    ...(opts.cluster ? [`cluster="${opts.cluster}"`] : []),
    `issuer_C=""`,
    `issuer_CN="Shop Test Issuing CA"`,
    `issuer_O="Posture Test"`,
    `secret_key="tls.crt"`,
    `secret_name="shop-tls"`,
    `secret_namespace="shop"`,
    `serial_number="${c.serialDecimal}"`,
    `subject_CN="shop.one.example"`,
    `subject_O=""`,
  ].join(",");
  const ms = opts.scrapedAt.getTime();
  return [
    "# HELP x509_cert_not_after Certificate NotAfter, as a unix timestamp",
    "# TYPE x509_cert_not_after gauge",
    `x509_cert_not_after{${labels}} ${unix(c.notAfter)} ${ms}`,
    "# HELP x509_cert_expired Whether the certificate has expired (1) or not (0)",
    "# TYPE x509_cert_expired gauge",
    `x509_cert_expired{${labels}} ${opts.scrapedAt > c.notAfter ? 1 : 0} ${ms}`,
    "",
  ].join("\n");
}

/** blackbox_exporter's TLS series for one https target (Go's DN spelling, lowercase hex serial). */
function blackboxMetrics(c: IssuedCert, at: Date) {
  const ms = at.getTime();
  const target = `instance="https://shop.one.example",job="blackbox-https"`;
  return [
    "# TYPE probe_ssl_earliest_cert_expiry gauge",
    `probe_ssl_earliest_cert_expiry{${target}} ${unix(c.notAfter)} ${ms}`,
    "# TYPE probe_ssl_last_chain_info gauge",
    `probe_ssl_last_chain_info{fingerprint_sha256="${c.fingerprintSha256}",${target},issuer="CN=Shop Test Issuing CA,O=Posture Test",serialnumber="${c.serialHex.toLowerCase()}",subject="CN=shop.one.example",subjectalternative="shop.one.example,www.shop.one.example"} 1 ${ms}`,
    "# TYPE probe_success gauge",
    `probe_success{${target}} 1 ${ms}`,
    "",
  ].join("\n");
}

/** `kubectl get certificates -o json` in the ingest envelope: the Certificate that issued the leaf. */
function certManager(cluster: string, collectedAt: Date, c: IssuedCert) {
  const renewal = new Date(c.notBefore.getTime() + 20 * DAY);
  return JSON.stringify({
    cluster,
    collectedAt: collectedAt.toISOString(),
    source: "kubectl",
    payload: {
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: "shop", namespace: "shop", generation: 1 },
          spec: {
            secretName: "shop-tls",
            commonName: "shop.one.example",
            dnsNames: ["shop.one.example", "www.shop.one.example"],
            duration: "720h0m0s",
            renewBefore: "240h0m0s",
            issuerRef: { name: "shop-issuing-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
            privateKey: { algorithm: "ECDSA", size: 256 },
          },
          status: {
            conditions: [
              {
                type: "Ready",
                status: "True",
                reason: "Ready",
                message: "Certificate is up to date and has not expired",
                lastTransitionTime: c.notBefore.toISOString().replace(/\.\d+Z$/, "Z"),
                observedGeneration: 1,
              },
            ],
            notBefore: c.notBefore.toISOString().replace(/\.\d+Z$/, "Z"),
            notAfter: c.notAfter.toISOString().replace(/\.\d+Z$/, "Z"),
            renewalTime: renewal.toISOString().replace(/\.\d+Z$/, "Z"),
            revision: 1,
          },
        },
      ],
    },
  });
}

/** The tls-endpoints connector's record of one endpoint serving leaf + intermediate. */
function tlsScan(at: Date) {
  return JSON.stringify({
    collectedAt: at.toISOString(),
    endpoints: [
      {
        endpoint: "shop.one.example:443",
        chain: [leaf.der.toString("base64"), pki.intermediate.der.toString("base64")],
      },
    ],
  });
}

async function inventory(cluster: string) {
  return db().query<{
    kind: string;
    label: string;
    seenIn: { cluster: string; source: string }[];
    n: number;
  }>(
    `SELECT l.kind, l.label, v."seenIn", l."versionCount" AS n FROM certificate_lineage l
       JOIN certificate_version v ON v.id = l."currentVersionId" JOIN cluster c ON c.id = l."clusterId"
      WHERE c.name = $1 ORDER BY l.label`,
    [cluster],
  );
}

const sources = (row: { seenIn: { source: string }[] }) =>
  [...new Set(row.seenIn.map((s) => s.source))].sort();

describe("one certificate seen through several sources is one inventory entry", () => {
  const t0 = new Date(leaf.notBefore.getTime() + 3_600_000);

  it("PEM chain, then the exporter's series of the same certificate (issuer CN + serial)", async () => {
    const pem = await send(leaf.pem + pki.intermediate.pem + pki.root.pem, "format=pem&cluster=one-a");
    expect(pem.json).toMatchObject({ accepted: 3, duplicates: 0 }); // leaf, intermediate, root (a trust anchor)
    const exp = await send(exporterMetrics(leaf, { scrapedAt: t0 }), "format=x509-exporter&cluster=one-a");
    expect(exp.status).toBe(201);
    const rows = await inventory("one-a");
    expect(rows.map((r) => r.label)).toEqual(["Shop Test Issuing CA", "shop.one.example"]);
    expect(sources(rows[1])).toEqual(["pem", "x509-exporter"]);
    expect(rows[1].n).toBe(1);
    // The next scrape is a sighting of a known certificate: a duplicate.
    const again = await send(
      exporterMetrics(leaf, { scrapedAt: new Date(t0.getTime() + 60_000) }),
      "format=x509-exporter&cluster=one-a",
    );
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await inventory("one-a")).toHaveLength(2);
  });

  it("a blackbox probe (same SHA-256 fingerprint) and a TLS scan join the same entry", async () => {
    await send(blackboxMetrics(leaf, t0), "format=x509-exporter&cluster=one-a");
    await send(tlsScan(t0), "format=tls-chain&cluster=one-a");
    const rows = await inventory("one-a");
    expect(rows).toHaveLength(2);
    expect(sources(rows[1])).toEqual(["blackbox", "pem", "tls", "x509-exporter"]);
    expect(sources(rows[0])).toEqual(["pem", "tls"]); // the intermediate, from the upload and the scan
  });

  it("the cert-manager Certificate that issued it takes the entry over (its identity wins)", async () => {
    const r = await send(certManager("one-a", t0, leaf), "format=cert-manager");
    expect(r.status).toBe(201);
    const rows = await inventory("one-a");
    expect(rows.map((x) => [x.kind, x.label])).toEqual([
      ["dn", "Shop Test Issuing CA"],
      ["cert-manager", "shop/shop"],
    ]);
    expect(sources(rows[1])).toEqual(["blackbox", "cert-manager", "pem", "tls", "x509-exporter"]);
    expect(rows[1].n).toBe(1);
    // Later sightings under the identities merged away still land in the cert-manager lineage.
    const later = new Date(t0.getTime() + 120_000);
    expect(
      (await send(blackboxMetrics(leaf, later), "format=x509-exporter&cluster=one-a")).json,
    ).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    expect((await send(tlsScan(later), "format=tls-chain&cluster=one-a")).json).toMatchObject({
      accepted: 0,
    });
    expect(await inventory("one-a")).toHaveLength(2);
  });

  it("the same records for a second cluster are accepted there: the certificate is in both inventories", async () => {
    expect((await send(certManager("one-b", t0, leaf), "format=cert-manager")).json).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
    expect((await send(leaf.pem, "format=pem&cluster=one-b")).json).toMatchObject({ accepted: 1 });
    expect(
      (await send(exporterMetrics(leaf, { scrapedAt: t0, cluster: "one-b" }), "format=x509-exporter")).status,
    ).toBe(201);
    const b = await inventory("one-b");
    expect(b.map((x) => x.kind)).toEqual(["cert-manager"]);
    expect(sources(b[0])).toEqual(["cert-manager", "pem", "x509-exporter"]);
    expect(b[0].seenIn.every((s) => s.cluster === "one-b")).toBe(true);
    expect(await inventory("one-a")).toHaveLength(2);
    // The inventory API shows the entry once per cluster, with where it was seen.
    const api = await call(listRoute, {
      token,
      path: "/api/v1/certificates?q=shop.one.example&sort=cluster",
    });
    expect(api.json.total).toBe(2);
    expect(
      api.json.rows.map((r: { cluster: string; seenIn: unknown[] }) => [r.cluster, r.seenIn.length]),
    ).toEqual([
      ["one-a", 5],
      ["one-b", 3],
    ]);
  });

  it("KPIs count each entry once: total, expired and rotation on schedule", async () => {
    // The exporter sees the leaf after its notAfter (it is still mounted): expired once, not per source.
    const late = new Date(leaf.notAfter.getTime() + DAY);
    await send(exporterMetrics(leaf, { scrapedAt: late }), "format=x509-exporter&cluster=one-a");
    const now = new Date(leaf.notAfter.getTime() + 2 * DAY);
    const scope = (cluster: string) => ({ from: new Date(now.getTime() - 60 * DAY), to: now, cluster, now });
    expect(await hygieneKpi(scope("one-a"))).toMatchObject({ total: 2, expired: 1 });
    expect(await hygieneKpi(scope("one-b"))).toMatchObject({ total: 1 });
    // One renewal fell due (cert-manager's renewalTime), none happened: one missed, not one per source.
    expect(await rotationKpi(scope("one-a"))).toMatchObject({ due: 1, missed: 1 });
    const [{ n }] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificate_hygiene_count h JOIN cluster c ON c.id = h."clusterId" WHERE c.name = 'one-a'`,
    );
    expect(n).toBe(1);
  });
});
