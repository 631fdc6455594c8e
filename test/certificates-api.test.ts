// The inventory API: server-side filter, search, sort, paging; the CSV export of the same filter; the
// lineage endpoint with rotation outcomes; bad query strings are 400.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/certificates/export/route";
import { GET as lineageRoute } from "@/app/api/v1/certificates/lineages/[id]/route";
import { GET as listRoute } from "@/app/api/v1/certificates/route";
import { POST as linkRisk } from "@/app/api/v1/risks/[id]/links/route";
import { POST as createRisk } from "@/app/api/v1/risks/route";
import { resetCertificates } from "./certificates-helpers";
import { call, makeToken, makeUser, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const fx = (f: string) => readFileSync(`lib/demo/fixtures/certificates/${f}`, "utf8");
let token: string;

beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("viewer");
  const op = await tokenFor("operator");
  const send = (body: string, q: string) => postIngest(op, `certificates?${q}`, body);
  await send(fx("certmanager-certificates.json"), "format=cert-manager");
  await send(fx("istio-workload-cert-chain.pem"), "format=pem&cluster=us-east-prod");
  await send(
    readFileSync("lib/certificates/testdata/rsa1024-sha1.pem", "utf8"),
    "format=pem&cluster=us-east-prod",
  );
});

const list = (q: string) => call(listRoute, { token, path: `/api/v1/certificates?${q}` });

describe("GET /api/v1/certificates", () => {
  it("filters by cluster, namespace, issuer and status; searches; sorts; pages", async () => {
    const all = await list("facets=1");
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(9); // 6 cert-manager lineages + Istio leaf + intermediate + the weak test cert
    expect(all.json.facets.clusters).toEqual(["eu-west-prod", "us-east-prod"]);
    expect(all.json.facets.issuers).toContain("ClusterIssuer/vault-pki");

    expect((await list("cluster=eu-west-prod")).json.total).toBe(3);
    expect((await list("namespace=ledger")).json.rows.map((r: { label: string }) => r.label)).toEqual([
      "ledger/ledger-db-client",
    ]);
    expect((await list("issuer=ClusterIssuer/vault-pki")).json.total).toBe(2);
    const weak = await list("status=weak");
    expect(weak.json.rows.map((r: { label: string; weak: boolean }) => [r.label, r.weak])).toEqual([
      ["spiffe://weak.example/ns/a/sa/b", true],
    ]);
    // Wall-clock now (2026+): the ingress certificate was reported expired; the two PEM certificates were
    // uploaded (seen) today, after their notAfter. The other cert-manager snapshots predate their notAfter.
    expect((await list("status=expired")).json.rows.map((r: { label: string }) => r.label)).toEqual([
      "istio-ingress/ingressgw-public-tls",
      "spiffe://acme.internal/ns/shop/sa/frontend",
      "Intermediate CA us-east-prod",
    ]);
    expect((await list("status=lapsed")).json.total).toBe(5);
    expect((await list("q=ledger-writer")).json.total).toBe(1); // matches the SAN
    expect((await list("q=100%25")).json.total).toBe(0); // % is literal

    const sorted = await list("sort=notAfter&dir=desc&pageSize=2");
    expect(sorted.json.rows).toHaveLength(2);
    expect(sorted.json.rows[0].label).toBe("spiffe://weak.example/ns/a/sa/b"); // expires 2027-12 (openssl req -x509 marks it CA:TRUE)
    const p2 = await list("sort=notAfter&dir=desc&pageSize=2&page=2");
    expect(p2.json.rows[0].notAfter <= sorted.json.rows[1].notAfter).toBe(true);
    expect(p2.json.rows[0].lineageId).not.toBe(sorted.json.rows[1].lineageId);
  });

  it("bad query strings are 400 with the field named", async () => {
    for (const q of ["status=bogus", "sort=secret", "page=0", "pageSize=10000"]) {
      const r = await list(q);
      expect(r.status, q).toBe(400);
      expect(r.json.error.message, q).toMatch(/^Invalid input: (status|sort|page|pageSize)/);
    }
    expect((await call(listRoute, { path: "/api/v1/certificates" })).status).toBe(401);
  });
});

describe("CSV export", () => {
  it("exports the filtered rows with a header", async () => {
    const r = await call(exportRoute, {
      token,
      path: "/api/v1/certificates/export?cluster=us-east-prod&sort=label",
    });
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = String(r.json).trim().split("\n");
    expect(lines[0]).toBe(
      "cluster,namespace,name,kind,status,not_before,not_after,issuer,subject,sans,key,signature,is_ca,weak,long_lived,versions,last_seen,seen_at,fingerprint_sha256",
    );
    expect(lines).toHaveLength(1 + 6);
    expect(lines.find((l) => l.includes("weak.example"))).toMatch(
      /,RSA 1024,sha1WithRSAEncryption,yes,yes,no,1,/,
    );
  });
});

describe("GET /api/v1/certificates/lineages/{id}", () => {
  it("returns versions with deadlines and outcomes; 404 for an unknown id", async () => {
    const ledger = (await list("namespace=ledger")).json.rows[0];
    const r = await call(lineageRoute, { token, params: { id: ledger.lineageId } });
    expect(r.status).toBe(200);
    expect(
      r.json.versions.map((v: { revision: number; outcome: string; latenessSeconds: number | null }) => [
        v.revision,
        v.outcome,
        v.latenessSeconds,
      ]),
    ).toEqual([
      [2, "late", 4 * 86400 + 6 * 3600 + 40 * 60 + 11],
      [3, "missed", null], // wall-clock now is past 2025-07-13 with no revision 4
    ]);
    const missing = await call(lineageRoute, {
      token,
      params: { id: "00000000-0000-0000-0000-000000000000" },
    });
    expect(missing.status).toBe(404);
    expect((await call(lineageRoute, { token, params: { id: "x" } })).status).toBe(404);
  });
});

describe("a lineage's own facts", () => {
  it("names SANs, serial, fingerprint, key, the issuer chain up the inventory and where it was seen", async () => {
    const rows = (await list("cluster=us-east-prod&pageSize=50")).json.rows as {
      lineageId: string;
      isCA: boolean;
      issuer: string;
      keySize: number | null;
    }[];
    const leaf = rows.find((r) => !r.isCA && r.issuer.includes("Intermediate CA us-east-prod"));
    expect(leaf).toBeDefined();
    const r = await call(lineageRoute, { token, params: { id: leaf?.lineageId ?? "" } });
    expect(r.status).toBe(200);
    const f = r.json.facts;
    expect(f.sans).toContain("URI:spiffe://acme.internal/ns/shop/sa/frontend");
    expect(f.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.serial).toBeTruthy();
    expect(f.keyAlgorithm).toBeTruthy();
    // leaf → the intermediate that is in the inventory → the root, named only (not sent to Posture)
    expect(
      f.issuerChain.map((l: { subject: string; fingerprintSha256: string | null }) => [
        l.subject.includes("Intermediate CA us-east-prod")
          ? "intermediate"
          : l.subject.includes("Root CA")
            ? "root"
            : "leaf",
        l.fingerprintSha256 !== null,
      ]),
    ).toEqual([
      ["leaf", true],
      ["intermediate", true],
      ["root", false],
    ]);
    expect(f.seenIn.map((s: { cluster: string }) => s.cluster)).toContain("us-east-prod");
    // The expired leaf has findings (with rule labels); a risk that cites one of them is related.
    const expired = f.findings.find((x: { rule: string }) => x.rule === "certificate.expired-in-use");
    expect(expired.ruleLabel).not.toBe(expired.rule);
    const rm = await makeUser("risk_manager");
    const rmToken = await makeToken(rm.id, ["read", "write"]);
    const risk = (
      await call(createRisk, {
        token: rmToken,
        body: {
          title: "Expired mesh identities",
          owner: rm.email,
          inherent: { likelihood: 3, impact: 4 },
          residual: { likelihood: 3, impact: 3 },
          target: { likelihood: 1, impact: 3 },
        },
      })
    ).json;
    const linked = await call(linkRisk, {
      token: rmToken,
      params: { id: risk.id },
      body: { kind: "finding", ref: expired.id },
    });
    expect(linked.status).toBe(201);
    const again = await call(lineageRoute, { token, params: { id: leaf?.lineageId ?? "" } });
    expect(again.json.facts.risks).toEqual([
      { id: risk.id, title: "Expired mesh identities", status: "open" },
    ]);
  });
});
