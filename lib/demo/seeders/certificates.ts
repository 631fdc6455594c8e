import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runCertificateDetection } from "@/lib/certificates/detection";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { registerDemoSeeder } from "../registry";

// The sample story (shared/samples) is anchored at 2025-06-15T12:00Z; every timestamp is shifted so it
// sits just before the demo's now. Signed PEM certificates cannot be shifted, so only the long-lived mesh
// root goes in as PEM (a trust anchor: it shows on Certificates → Trust anchors, not in the inventory);
// the rest is cert-manager history plus exporter metrics, which join the Certificates they describe.
const STORY_NOW = Date.parse("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;
const dir = path.resolve("lib/demo/fixtures/certificates");
const fixture = (f: string) => readFileSync(path.join(dir, f), "utf8");

function shiftIso(text: string, delta: number): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, (s) =>
    new Date(Date.parse(s) + delta).toISOString().replace(".000Z", "Z"),
  );
}

function shiftUnix(text: string, delta: number): string {
  // Exposition values such as 1.755504842e+09 are unix seconds.
  return text.replace(/ (\d\.\d+e\+09)$/gm, (_m, v: string) => ` ${Math.round(Number(v) + delta / 1000)}`);
}

/**
 * Three months of weekly (the last one an hour ago) cert-manager snapshots for a fleet of certificates, deterministic: most renew
 * within minutes of their renewal time, a few late, one never (it shows as overdue).
 */
export function demoHistory(now: Date): { cluster: string; collectedAt: string; items: object[] }[] {
  const fleet = [
    ["eu-west-prod", "shop", "checkout-api", 30, 0],
    ["eu-west-prod", "shop", "cart-api", 30, 0.1],
    ["eu-west-prod", "payments", "card-vault", 30, 0],
    ["eu-west-prod", "payments", "fraud-scorer", 30, 26],
    ["eu-west-prod", "identity", "oidc-gateway", 90, 0],
    ["eu-west-prod", "observability", "grafana-tls", 90, 0.2],
    ["eu-west-prod", "ledger", "ledger-api", 30, 0],
    ["us-east-prod", "shop", "checkout-api", 30, 0],
    ["us-east-prod", "ledger", "ledger-writer", 30, 0.05],
    ["us-east-prod", "ledger", "reconciler", 30, 50],
    ["us-east-prod", "identity", "oidc-gateway", 90, 0],
    ["us-east-prod", "kafka", "broker-0", 60, 0],
    ["us-east-prod", "kafka", "broker-1", 60, 0],
    ["us-east-prod", "legacy", "mainframe-bridge", 365, 0],
    ["eu-west-staging", "shop", "checkout-api", 30, 0],
    ["eu-west-staging", "payments", "card-vault", 30, -1],
  ] as const;
  const snapshots: { cluster: string; collectedAt: string; items: object[] }[] = [];
  for (let k = 12; k >= 0; k--) {
    const t = now.getTime() - k * 7 * DAY - HOUR;
    for (const cluster of ["eu-west-prod", "us-east-prod", "eu-west-staging"]) {
      const items = fleet
        .filter((f) => f[0] === cluster)
        .map(([, ns, name, days, lateHours], i) => {
          const L = days * DAY;
          // Revisions: each starts at the previous deadline (2/3 L) plus its lateness; lateHours < 0 = stuck.
          let nb = now.getTime() - 120 * DAY + i * 3 * DAY;
          let rev = 1;
          for (;;) {
            const next =
              nb +
              (2 / 3) * L +
              (lateHours < 0 ? Number.POSITIVE_INFINITY : (rev % 3 === 0 ? lateHours : 0.05) * HOUR);
            if (next > t) break;
            nb = next;
            rev++;
          }
          const renewal = nb + (2 / 3) * L;
          const stuck = t > renewal + HOUR;
          return {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: `${name}-tls`, namespace: ns },
            spec: {
              secretName: `${name}-tls`,
              duration: `${days * 24}h0m0s`,
              dnsNames: [`${name}.${ns}.svc.cluster.local`],
              uris: [`spiffe://acme.internal/ns/${ns}/sa/${name}`],
              issuerRef: {
                group: "cert-manager.io",
                kind: "ClusterIssuer",
                name: days > 90 ? "legacy-ca" : "internal-ca",
              },
              privateKey: days > 90 ? { algorithm: "RSA", size: 1024 } : { algorithm: "ECDSA", size: 256 },
            },
            status: {
              notBefore: new Date(nb).toISOString(),
              notAfter: new Date(nb + L).toISOString(),
              renewalTime: new Date(renewal).toISOString(),
              revision: rev,
              conditions: [
                {
                  type: "Ready",
                  status: "True",
                  reason: "Ready",
                  message: "Certificate is up to date and has not expired",
                },
                ...(stuck
                  ? [{ type: "Issuing", status: "True", reason: "Renewing", message: "Renewing certificate" }]
                  : []),
              ],
            },
          };
        });
      snapshots.push({ cluster, collectedAt: new Date(t).toISOString(), items });
    }
  }
  return snapshots;
}

registerDemoSeeder({
  name: "certificates",
  order: 10,
  async seed(ctx) {
    const delta = ctx.now.getTime() - 30 * 60_000 - STORY_NOW;
    const sends: { format: string; cluster: string | null; body: string }[] = [
      ...demoHistory(ctx.now).map((s) => ({
        format: "cert-manager",
        cluster: null,
        body: JSON.stringify({
          cluster: s.cluster,
          collectedAt: s.collectedAt,
          source: "demo",
          payload: { apiVersion: "v1", kind: "List", items: s.items },
        }),
      })),
      {
        format: "cert-manager",
        cluster: null,
        body: shiftIso(fixture("certmanager-certificates.json"), delta),
      },
      {
        format: "x509-exporter",
        cluster: "eu-west-prod",
        body: shiftUnix(fixture("cert-expiry-metrics.prom"), delta),
      },
      { format: "pem", cluster: "us-east-prod", body: fixture("mesh-root-ca.pem") },
    ];
    let accepted = 0;
    for (const s of sends) {
      const r = await ingest({
        kind: "certificates",
        format: s.format,
        cluster: s.cluster,
        payload: payloadFromBuffer(s.body),
        actor: ctx.actor,
        demo: true,
      });
      accepted += r.accepted;
    }
    await runCertificateDetection({ actor: ctx.actor, now: ctx.now });
    return `${sends.length} batches, ${accepted} certificates and sightings accepted`;
  },
  async wipe(sql) {
    await sql.query(`DELETE FROM finding WHERE demo AND rule LIKE 'certificate.%'`);
    const rows = await sql.query(
      `DELETE FROM ingest_batch WHERE demo AND kind = 'certificates' RETURNING id`,
    );
    // Lineages, versions and certificates cascade from their batches; anything demo left over goes too.
    await sql.query(`DELETE FROM certificate_lineage WHERE demo`);
    await sql.query(`DELETE FROM certificate WHERE demo`);
    return rows.length;
  },
});
