// The two pull connectors against real local servers: an HTTPS "API server" serving a recorded
// cert-manager List (bearer token + CA bundle checked), and `openssl s_server` on loopback.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttps, type Server } from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { NO_TLS } from "@/lib/certificates/connectors/tls-endpoints";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { computeKpis } from "@/lib/kpi/compute";
import { createSource } from "@/lib/sources/mutations";
import { runSource } from "@/lib/sources/runner";
import { resetCertificates } from "./certificates-helpers";
import { db } from "./fixtures";
import { fingerprint, makePki } from "./test-pki";

const dir = mkdtempSync(path.join(tmpdir(), "posture-certs-"));
const f = (n: string) => path.join(dir, n);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(port: number) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never opened`);
}

const source = (input: Parameters<typeof createSource>[2]) =>
  withPgTransaction(pool(), (_c, sql) => createSource(sql, SYSTEM_ACTOR, input));
/** A kubernetes source against the stand-in API server, trusting its CA, with this bearer token. */
const kubernetesSource = (name: string, cluster: string, bearerToken: string) =>
  source({
    name,
    kind: "kubernetes",
    cluster,
    config: { apiServer: `https://127.0.0.1:${apiPort}`, caBundle: readFileSync(f("ca.pem"), "utf8") },
    secrets: { bearerToken },
  });

let api: Server;
let apiPort: number;
let sServer: ChildProcess;
let tlsPort: number;
const TOKEN = "k8s-test-token";
// A second cluster behind the same stand-in: no cert-manager Certificates, but Kyverno's wgpolicyk8s.io
// reports and openreports.io; reports.x-k8s.io is not installed (discovery answers 404).
const REPORTS_TOKEN = "k8s-reports-token";
const fixture = (n: string) => readFileSync(path.join("test/k8s-reports", n), "utf8");
// A token whose RBAC allows Certificates but not the report resources.
const CERTS_ONLY_TOKEN = "k8s-certs-only-token";
function reportsApi(url: string, res: import("node:http").ServerResponse, certsOnly = false) {
  const u = new URL(url, "https://x");
  if (certsOnly && /^\/apis\/(wgpolicyk8s|openreports)\.io\/v1/.test(u.pathname)) {
    res.writeHead(403, { "content-type": "application/json" }).end(
      JSON.stringify({
        kind: "Status",
        code: 403,
        message: "policyreports is forbidden: secret-ish detail",
      }),
    );
    return;
  }
  const json = (body: string | object) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(typeof body === "string" ? body : JSON.stringify(body));
  const group = (name: string, version: string) => ({
    kind: "APIGroup",
    apiVersion: "v1",
    name,
    versions: [{ groupVersion: `${name}/${version}`, version }],
    preferredVersion: { groupVersion: `${name}/${version}`, version },
  });
  switch (u.pathname) {
    case "/apis/cert-manager.io":
      return json(group("cert-manager.io", "v1"));
    case "/apis/cert-manager.io/v1/certificates":
      return json({ apiVersion: "cert-manager.io/v1", kind: "CertificateList", metadata: {}, items: [] });
    case "/apis/wgpolicyk8s.io":
      return json(group("wgpolicyk8s.io", "v1alpha2"));
    case "/apis/openreports.io":
      return json(group("openreports.io", "v1alpha1"));
    case "/apis/wgpolicyk8s.io/v1alpha2/policyreports":
      return json(
        fixture(
          u.searchParams.get("continue") === "page2"
            ? "policyreports.page2.json"
            : "policyreports.page1.json",
        ),
      );
    case "/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports":
      return json(fixture("clusterpolicyreports.json"));
    case "/apis/openreports.io/v1alpha1/reports":
      return json(fixture("openreports.json"));
    case "/apis/openreports.io/v1alpha1/clusterreports":
      return json({
        apiVersion: "openreports.io/v1alpha1",
        kind: "ClusterReportList",
        metadata: {},
        items: [],
      });
    default:
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ kind: "Status", code: 404 }));
  }
}
const requests: string[] = [];

beforeAll(async () => {
  await resetCertificates();
  makePki(dir);
  // The recorded List, as an API server returns it: items without kind/apiVersion, paged with continue.
  const list = JSON.parse(
    readFileSync("lib/demo/fixtures/certificates/certmanager-certificates.eu-west-prod.raw.json", "utf8"),
  );
  const items = list.items.map(({ kind: _k, apiVersion: _a, ...rest }: Record<string, unknown>) => rest);
  api = createHttps({ key: readFileSync(f("leaf.key")), cert: readFileSync(f("leaf.pem")) }, (req, res) => {
    requests.push(req.url ?? "");
    if (req.headers.authorization === `Bearer ${REPORTS_TOKEN}`) {
      reportsApi(req.url ?? "/", res);
      return;
    }
    if (req.headers.authorization === `Bearer ${CERTS_ONLY_TOKEN}`) {
      reportsApi(req.url ?? "/", res, true);
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ kind: "Status", message: "Unauthorized" }));
      return;
    }
    const u = new URL(req.url ?? "/", "https://x");
    if (u.pathname === "/apis/cert-manager.io") {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          kind: "APIGroup",
          apiVersion: "v1",
          name: "cert-manager.io",
          versions: [{ groupVersion: "cert-manager.io/v1", version: "v1" }],
          preferredVersion: { groupVersion: "cert-manager.io/v1", version: "v1" },
        }),
      );
      return;
    }
    if (u.pathname !== "/apis/cert-manager.io/v1/certificates") {
      res.writeHead(404).end("{}");
      return;
    }
    const page = u.searchParams.get("continue") === "page2" ? 1 : 0;
    const body = {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateList",
      metadata: page === 0 ? { continue: "page2" } : {},
      items: page === 0 ? items.slice(0, 2) : items.slice(2),
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", () => r()));
  apiPort = (api.address() as net.AddressInfo).port;

  tlsPort = await freePort();
  sServer = spawn(
    "openssl",
    [
      "s_server",
      "-accept",
      String(tlsPort),
      "-cert",
      f("leaf.pem"),
      "-key",
      f("leaf.key"),
      "-cert_chain",
      f("ca.pem"),
      "-quiet",
      "-naccept",
      "100",
    ],
    { stdio: "ignore" },
  );
  await waitForPort(tlsPort);
}, 60_000);

afterAll(async () => {
  sServer?.kill();
  await new Promise((r) => api?.close(r));
});

describe("kubernetes connector", () => {
  it("lists Certificates with the bearer token and CA bundle, across pages, into one snapshot", async () => {
    const { id } = await kubernetesSource("k8s eu", "k8s-test", TOKEN);
    const out = await runSource(id, new Date("2025-06-15T12:00:00Z"));
    expect(out).toMatchObject({ status: "ok", message: "1 payload(s), 3 accepted, 0 rejected" });
    expect(requests.filter((r) => r.startsWith("/apis/cert-manager.io/v1/certificates"))).toHaveLength(2);
    const rows = await db().query<{ identity: string; lastSeenAt: Date }>(
      `SELECT l.identity, v."lastSeenAt" FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId"
         JOIN certificate_version v ON v.id = l."currentVersionId" WHERE c.name = 'k8s-test' ORDER BY identity`,
    );
    expect(rows.map((r) => r.identity)).toEqual([
      "istio-ingress/ingressgw-public-tls",
      "payments/payments-api-mtls",
      "shop/frontend-tls",
    ]);
    expect(rows[0].lastSeenAt.toISOString()).toBe("2025-06-15T12:00:00.000Z");
    const [run] = await db().query<{ status: string; batchId: string | null }>(
      `SELECT status, "batchId" FROM source_run WHERE "sourceId" = $1`,
      [id],
    );
    expect(run.status).toBe("ok");
    expect(run.batchId).toBe(out.batches[0]);
  });

  it("records a failed run: wrong token (401) and an untrusted server certificate", async () => {
    const bad = await kubernetesSource("k8s bad token", "k8s-test", "wrong");
    const r1 = await runSource(bad.id);
    expect(r1.status).toBe("error");
    expect(r1.message).toBe("GET /apis/cert-manager.io: HTTP 401 Unauthorized");
    const noCa = await source({
      name: "k8s no ca",
      kind: "kubernetes",
      cluster: "k8s-test",
      config: { apiServer: `https://127.0.0.1:${apiPort}` },
      secrets: { bearerToken: TOKEN },
    });
    const r2 = await runSource(noCa.id);
    expect(r2.status).toBe("error");
    expect(r2.message).toMatch(
      /TLS: the server's certificate is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
    );
    const [s] = await db().query<{ lastStatus: string; lastError: string }>(
      `SELECT "lastStatus", "lastError" FROM source WHERE id = $1`,
      [noCa.id],
    );
    expect(s.lastStatus).toBe("error");
  });

  it("also lists PolicyReports, ClusterPolicyReports and openreports Reports into the policyreport format", async () => {
    const { id } = await kubernetesSource("k8s reports", "k8s-reports", REPORTS_TOKEN);
    const before = requests.length;
    const out = await runSource(id, new Date("2025-06-15T12:00:00Z"));
    expect(out.status, out.message).toBe("ok");
    expect(out.batches).toHaveLength(2);
    const asked = requests.slice(before).map((r) => r.replace(/\?.*$/, ""));
    expect(asked).toEqual([
      "/apis/cert-manager.io",
      "/apis/cert-manager.io/v1/certificates",
      "/apis/wgpolicyk8s.io",
      "/apis/wgpolicyk8s.io/v1alpha2/policyreports",
      "/apis/wgpolicyk8s.io/v1alpha2/policyreports",
      "/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports",
      "/apis/reports.x-k8s.io",
      "/apis/openreports.io",
      "/apis/openreports.io/v1alpha1/reports",
      "/apis/openreports.io/v1alpha1/clusterreports",
    ]);
    const [batch] = await db().query<{ kind: string; format: string; rejected: number; status: string }>(
      `SELECT kind, format, rejected, status FROM ingest_batch WHERE id = $1`,
      [out.batches[1]],
    );
    expect(batch).toMatchObject({ kind: "policy", format: "policyreport", rejected: 0 });
    // Every result of the four reports counts: pass 3 (frontend, payments, ledger), fail 2, error 1.
    const k = await computeKpis({
      from: new Date("2025-06-01T00:00:00Z"),
      to: new Date("2025-06-16T00:00:00Z"),
      cluster: "k8s-reports",
      now: new Date("2025-06-16T00:00:00Z"),
    });
    expect((k.policy as unknown as { complianceCounts: unknown }).complianceCounts).toEqual({
      pass: 3,
      fail: 2,
      error: 1,
    });
    expect(k.policy.compliance).toBeCloseTo(0.5, 6);
  });

  it("a token not allowed to list reports keeps pulling Certificates; the run says what it could not read", async () => {
    const { id } = await kubernetesSource("k8s certs only", "k8s-certs-only", CERTS_ONLY_TOKEN);
    const out = await runSource(id, new Date("2025-06-15T12:00:00Z"));
    expect(out.status).toBe("ok");
    expect(out.message).toBe(
      "1 payload(s), 0 accepted, 0 rejected; GET /apis/wgpolicyk8s.io/v1alpha2/policyreports: HTTP 403 Forbidden: policy reports not read (grant list on them, or set policyReports: false)",
    );
  });

  it("refuses a config without https or with a non-PEM CA bundle", async () => {
    await expect(
      source({ name: "k8s http", kind: "kubernetes", config: { apiServer: "http://127.0.0.1:1" } }),
    ).rejects.toThrow(/https/);
    await expect(
      source({ name: "k8s ca", kind: "kubernetes", config: { apiServer: "https://x", caBundle: "nope" } }),
    ).rejects.toThrow(/PEM/);
  });
});

describe("tls-endpoints connector", () => {
  it("records the served chain (leaf + CA) against openssl s_server; an unreachable endpoint is one rejection", async () => {
    const closed = await freePort();
    const { id } = await source({
      name: "tls loopback",
      kind: "tls-endpoints",
      cluster: "tls-test",
      config: { endpoints: [`127.0.0.1:${tlsPort}`, `127.0.0.1:${closed}`] },
    });
    const out = await runSource(id);
    expect(out).toMatchObject({ status: "ok", message: "1 payload(s), 2 accepted, 1 rejected" });
    const certs = await db().query<{ fingerprintSha256: string; where: string; isCA: boolean }>(
      `SELECT v."fingerprintSha256", v."where", v."isCA" FROM certificate_version v JOIN certificate_lineage l ON l.id = v."lineageId"
         JOIN cluster c ON c.id = l."clusterId" WHERE c.name = 'tls-test' ORDER BY v."isCA"`,
    );
    expect(certs).toEqual([
      { fingerprintSha256: fingerprint(f("leaf.pem")), where: `tls 127.0.0.1:${tlsPort}`, isCA: false },
    ]);
    // The server also sends its self-signed root: a trust anchor, kept with where it was seen.
    const [root] = await db().query<{ fingerprintSha256: string; trustAnchor: boolean; seenIn: unknown }>(
      `SELECT "fingerprintSha256", "trustAnchor", "seenIn" FROM certificate WHERE "fingerprintSha256" = $1`,
      [fingerprint(f("ca.pem"))],
    );
    expect(root).toMatchObject({
      trustAnchor: true,
      seenIn: [{ cluster: "tls-test", source: "tls", where: `tls 127.0.0.1:${tlsPort} (chain 1)` }],
    });
    const [batch] = await db().query<{ errors: { index: number; reason: string }[] }>(
      `SELECT errors FROM ingest_batch WHERE id = $1`,
      [out.batches[0]],
    );
    expect(batch.errors[0].reason).toBe(`127.0.0.1:${closed}: ${NO_TLS}`);
    // A second run sees the same chain: duplicates, nothing new.
    const again = await runSource(id);
    expect(again.message).toBe("1 payload(s), 0 accepted, 1 rejected");
  });
});
