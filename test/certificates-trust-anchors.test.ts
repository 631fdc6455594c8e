// Trust anchors (issue 11 item 5): a self-signed CA is not a working certificate. A workload chain that
// carries its root puts the leaf and the intermediate in the inventory and the root in the trust-anchor
// view, with its expiry and where it was seen; a self-issued CA (subject = issuer, another key signed it)
// and a server's own self-signed certificate stay in the inventory. (Debian's bundle: certificates-real.)
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as anchorsRoute } from "@/app/api/v1/certificates/trust-anchors/route";
import { hygieneKpi } from "@/lib/certificates/kpi";
import { scanEvents } from "@/lib/notifications/events";
import { ingestCertificates, resetCertificates } from "./certificates-helpers";
import { makePki } from "./certificates-pki";
import { call, db, tokenFor } from "./fixtures";

let token: string;
const mesh = makePki({ root: "Anchor Test Mesh Root", intermediate: "Anchor Test Mesh Intermediate" });
// A root a month from its end: "expiring" (within 90 days).
const old = makePki({
  root: "Anchor Test Old Root",
  intermediate: "Anchor Test Old Intermediate",
  rootDays: 30,
});
const leaf = mesh.leaf({
  cn: "payments.anchor.example",
  dns: ["payments.anchor.example"],
  serial: "A1",
  days: 1,
});

beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

const send = async (body: string, query: string) =>
  (await ingestCertificates(token, body, query)) as { status: number; json: Record<string, unknown> };

async function anchors(query = "") {
  return call(anchorsRoute, { token, path: `/api/v1/certificates/trust-anchors${query ? `?${query}` : ""}` });
}

async function inventory(cluster: string) {
  return db().query<{ label: string; isCA: boolean; weak: boolean }>(
    `SELECT l.label, v."isCA", v.weak FROM certificate_lineage l JOIN certificate_version v ON v.id = l."currentVersionId"
       JOIN cluster c ON c.id = l."clusterId" WHERE c.name = $1 ORDER BY l.label`,
    [cluster],
  );
}

describe("a workload chain that includes its intermediate and root", () => {
  it("keeps leaf and intermediate in the inventory and the root as a trust anchor", async () => {
    const r = await send(leaf.pem + mesh.intermediate.pem + mesh.root.pem, "format=pem&cluster=anchor-a");
    expect(r.json).toMatchObject({ status: "completed", accepted: 3, duplicates: 0 });
    expect(await inventory("anchor-a")).toEqual([
      { label: "Anchor Test Mesh Intermediate", isCA: true, weak: false },
      { label: "payments.anchor.example", isCA: false, weak: false },
    ]);
    const now = new Date();
    expect(await hygieneKpi({ from: now, to: now, cluster: "anchor-a", now })).toMatchObject({ total: 2 });
    const a = await anchors("cluster=anchor-a");
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ total: 1, counts: { expired: 0, expiring: 0, ok: 1 } });
    expect(a.json.rows[0]).toMatchObject({
      fingerprintSha256: mesh.root.fingerprintSha256,
      subject: "O=Posture Test, CN=Anchor Test Mesh Root",
      expiry: "ok",
      weakKey: false,
      seenIn: [{ cluster: "anchor-a", source: "pem", where: "PEM upload" }],
    });
  });

  it("the same root seen in a second cluster is listed once, with both places; the bundle again is a duplicate", async () => {
    expect((await send(mesh.root.pem, "format=pem&cluster=anchor-b")).json).toMatchObject({ accepted: 1 });
    expect((await send(`${mesh.root.pem}\n`, "format=pem&cluster=anchor-b")).json).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    const a = await anchors();
    const row = a.json.rows.find(
      (x: { fingerprintSha256: string }) => x.fingerprintSha256 === mesh.root.fingerprintSha256,
    );
    expect(row.seenIn.map((s: { cluster: string }) => s.cluster)).toEqual(["anchor-a", "anchor-b"]);
    expect(await inventory("anchor-b")).toEqual([]);
  });

  it("the exporter reading a trust-manager bundle ConfigMap that holds the known root adds a place to the anchor", async () => {
    // enix x509-certificate-exporter watching ConfigMaps: the root, by issuer CN and decimal serial.
    const labels = [
      `configmap_key="ca-certificates.crt"`,
      `configmap_name="mesh-roots"`,
      `configmap_namespace="istio-system"`,
      `issuer_CN="Anchor Test Mesh Root"`,
      `issuer_O="Posture Test"`,
      `serial_number="${mesh.root.serialDecimal}"`,
      `subject_CN="Anchor Test Mesh Root"`,
      `subject_O="Posture Test"`,
    ].join(",");
    const r = await send(
      `# TYPE x509_cert_not_after gauge\nx509_cert_not_after{${labels}} ${mesh.root.notAfter.getTime() / 1000}\n`,
      "format=x509-exporter&cluster=anchor-e",
    );
    expect(r.json).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await inventory("anchor-e")).toEqual([]);
    const a = await anchors("cluster=anchor-e");
    expect(a.json.rows).toHaveLength(1);
    expect(a.json.rows[0].seenIn).toContainEqual({
      cluster: "anchor-e",
      source: "x509-exporter",
      where: "configmap istio-system/mesh-roots",
    });
  });

  it("a root within 90 days of its end is 'expiring'; the filters narrow the list; a bad filter is 400", async () => {
    await send(old.root.pem, "format=pem&cluster=anchor-b");
    const expiring = await anchors("expiry=expiring");
    expect(expiring.json.rows.map((x: { subject: string }) => x.subject)).toEqual([
      "O=Posture Test, CN=Anchor Test Old Root",
    ]);
    expect((await anchors("cluster=anchor-a&expiry=expiring")).json.total).toBe(0);
    expect((await anchors("cluster=anchor-b")).json.counts).toEqual({ expired: 0, expiring: 1, ok: 1 });
    const bad = await anchors("expiry=soon");
    expect(bad.status).toBe(400);
    expect((await anchors("pageSize=0")).status).toBe(400);
  });

  it("notifies trust-anchor.expiring per cluster holding the anchor, and certificate.expiring only for the inventory", async () => {
    await db().query(
      `INSERT INTO notification_rule (name, events, "channelIds", "daysAhead") VALUES ('anchors-test', $1, '{}', 60)`,
      [["trust-anchor.expiring", "certificate.expiring"]],
    );
    await scanEvents(db());
    const events = await db().query<{ type: string; cluster: string; title: string }>(
      `SELECT type, cluster, title FROM notification_event WHERE type IN ('trust-anchor.expiring', 'certificate.expiring')
        ORDER BY type, title`,
    );
    expect(events.map((e) => [e.type, e.cluster, e.title])).toEqual([
      ["certificate.expiring", "anchor-a", "payments.anchor.example"],
      ["trust-anchor.expiring", "anchor-b", "Trust anchor Anchor Test Old Root"],
    ]);
  });
});

describe("what is not a trust anchor", () => {
  it("a self-issued CA (subject = issuer, signed by another key) stays in the inventory", async () => {
    const si = mesh.selfIssued();
    expect((await send(si.pem, "format=pem&cluster=anchor-c")).json).toMatchObject({ accepted: 1 });
    expect(await inventory("anchor-c")).toEqual([
      { label: "Anchor Test Mesh Root", isCA: true, weak: false },
    ]);
    const [row] = await db().query<{ selfSigned: boolean; trustAnchor: boolean }>(
      `SELECT "selfSigned", "trustAnchor" FROM certificate WHERE "fingerprintSha256" = $1`,
      [si.fingerprintSha256],
    );
    expect(row).toEqual({ selfSigned: false, trustAnchor: false });
  });

  it("a server's own self-signed certificate (CA:TRUE from openssl req -x509, names hosts) stays, weak by SHA-1", async () => {
    const pem = readFileSync("lib/certificates/testdata/rsa1024-sha1.pem", "utf8");
    expect((await send(pem, "format=pem&cluster=anchor-d")).json).toMatchObject({ accepted: 1 });
    expect(await inventory("anchor-d")).toEqual([
      { label: "spiffe://weak.example/ns/a/sa/b", isCA: true, weak: true },
    ]);
  });
});
