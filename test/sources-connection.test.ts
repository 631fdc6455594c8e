// "Test connection" on the source form and the rejection reasons on the Sources page, against real local
// servers: a Prometheus-shaped HTTP API, an HTTPS "API server" and a TLS endpoint with a certificate
// made here, and a partial batch sent through the ingest route.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttp, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/api/v1/sources/test/route";
import { NO_TLS } from "@/lib/certificates/connectors/tls-endpoints";
import { listBatches } from "@/lib/sources/queries";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const dir = mkdtempSync(path.join(tmpdir(), "posture-srctest-"));
execFileSync(
  "openssl",
  [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-keyout", path.join(dir, "k.pem"), "-out", path.join(dir, "c.pem"), "-days", "2"],
    ...["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
  ],
  { stdio: "pipe" },
);
const key = readFileSync(path.join(dir, "k.pem"), "utf8");
const cert = readFileSync(path.join(dir, "c.pem"), "utf8");

// What the targets answer; the body words must never come back to the user.
const LEAK = "internal-secret-body-words";
let promAnswer: { status: number; body: string } = { status: 200, body: '{"status":"success","data":{}}' };
let lastAuth: string | undefined;
const servers: Server[] = [];
let prom = "";
let k8s = "";

function listen(s: Server): Promise<string> {
  servers.push(s);
  return new Promise((r) => s.listen(0, "127.0.0.1", () => r(String((s.address() as AddressInfo).port))));
}

beforeAll(async () => {
  const promPort = await listen(
    createHttp((req: IncomingMessage, res) => {
      lastAuth = req.headers.authorization;
      res.writeHead(req.url?.startsWith("/api/v1/status/buildinfo") ? promAnswer.status : 404);
      res.end(promAnswer.body);
    }),
  );
  prom = `http://127.0.0.1:${promPort}`;
  const k8sPort = await listen(
    createHttps({ key, cert }, (req, res) => {
      if (req.headers.authorization !== "Bearer good-token") {
        res.writeHead(401).end(`{"message":"${LEAK}"}`);
      } else if (req.url === "/apis/cert-manager.io") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"kind":"APIGroup","preferredVersion":{"version":"v1"}}');
      } else res.writeHead(404).end();
    }),
  );
  k8s = `https://127.0.0.1:${k8sPort}`;
});
afterAll(() => {
  for (const s of servers) s.close();
});

async function test(body: object, role: "operator" | "viewer" = "operator") {
  return call(testRoute, { token: await tokenFor(role), body });
}

describe("Test connection", () => {
  it("Prometheus: reports the status only, sends the bearer token, never echoes the body", async () => {
    const ok = await test({ kind: "prometheus", config: { url: prom }, secrets: { bearerToken: "t0k" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ ok: true, message: `Prometheus at ${prom} answered HTTP 200 OK` });
    expect(lastAuth).toBe("Bearer t0k");

    promAnswer = { status: 401, body: LEAK };
    const denied = await test({ kind: "prometheus", config: { url: prom } });
    expect(denied.json).toEqual({
      ok: false,
      message: `Prometheus at ${prom} answered HTTP 401 Unauthorized`,
    });

    promAnswer = { status: 200, body: `<html>${LEAK}</html>` };
    const notProm = await test({ kind: "prometheus", config: { url: prom } });
    expect(notProm.json.ok).toBe(false);
    expect(notProm.json.message).toMatch(/not as the Prometheus HTTP API/);
    expect(JSON.stringify([denied.json, notProm.json])).not.toContain(LEAK);
    promAnswer = { status: 200, body: '{"status":"success","data":{}}' };
  });

  it("refuses metadata addresses and bad configs before connecting (400), and a closed port is a fixed text", async () => {
    const meta = await test({ kind: "prometheus", config: { url: "http://169.254.169.254/" } });
    expect(meta.status).toBe(400);
    expect(meta.json.error.message).toMatch(/169\.254\.169\.254/);
    const bad = await test({ kind: "prometheus", config: { url: "not a url" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^config: /);
    const closed = await test({ kind: "prometheus", config: { url: "http://127.0.0.1:9", timeoutMs: 2000 } });
    expect(closed.json).toMatchObject({ ok: false });
    expect(closed.json.message).not.toMatch(/ECONNREFUSED/);
  });

  it("Kubernetes: checks TLS against the CA bundle and the token; a wrong token names the status only", async () => {
    const base = { apiServer: k8s, caBundle: cert };
    const ok = await test({ kind: "kubernetes", config: base, secrets: { bearerToken: "good-token" } });
    expect(ok.json).toEqual({
      ok: true,
      message: "API server reachable and the token accepted; cert-manager.io/v1 is installed",
    });
    const wrong = await test({ kind: "kubernetes", config: base, secrets: { bearerToken: "nope" } });
    expect(wrong.json).toEqual({ ok: false, message: "GET /apis/cert-manager.io: HTTP 401 Unauthorized" });
    const noToken = await test({ kind: "kubernetes", config: base });
    expect(noToken.json.ok).toBe(false);
    // Without the CA bundle the self-made certificate is not trusted: a TLS failure, not a pass.
    const untrusted = await test({
      kind: "kubernetes",
      config: { apiServer: k8s },
      secrets: { bearerToken: "good-token" },
    });
    expect(untrusted.json.ok).toBe(false);
  });

  it("TLS endpoints: counts the handshakes; a closed port reads like every other failure", async () => {
    const live = new URL(k8s).host;
    const r = await test({
      kind: "tls-endpoints",
      config: { endpoints: [live, "127.0.0.1:9"], timeoutSeconds: 2 },
    });
    expect(r.json).toEqual({
      ok: false,
      message: `TLS handshake with 1 of 2 endpoints; the others: ${NO_TLS}`,
    });
    const one = await test({ kind: "tls-endpoints", config: { endpoints: [live] } });
    expect(one.json).toEqual({ ok: true, message: "TLS handshake with 1 of 1 endpoints" });
  });

  it("is for operators, and each attempt is audited with the hosts it reached", async () => {
    const v = await test({ kind: "prometheus", config: { url: prom } }, "viewer");
    expect(v.status).toBe(403);
    const events = await db().query<{ data: { kind: string; targets: string[] } }>(
      `SELECT data FROM audit_event WHERE action = 'source.test' AND data->>'kind' = 'prometheus' ORDER BY id`,
    );
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events[0].data.targets).toEqual(["127.0.0.1"]);
  });
});

describe("rejection reasons on the Sources page", () => {
  it("lists a partial batch's rejected records by reason with where they sat", async () => {
    const body = [
      cert,
      "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----",
      cert.slice(0, 120),
    ].join("\n");
    const r = await postIngest(
      await tokenFor("operator", ["ingest"]),
      "certificates?format=pem&cluster=src-reasons",
      body,
    );
    expect(r.json).toMatchObject({ status: "partial", accepted: 1, rejectedCount: 2 });
    const batch = (await listBatches(10)).find((b) => b.id === r.json.batchId);
    expect(batch?.rejections.unlisted).toBe(0);
    // Each reason with the line its PEM block starts on (after the certificate and its blank line).
    const certLines = cert.trimEnd().split("\n").length;
    expect(batch?.rejections.groups.map((g) => [g.count, g.where])).toEqual([
      [1, [`line ${certLines + 2}`]],
      [1, [`line ${certLines + 5}`]],
    ]);
    expect(batch?.rejections.groups.map((g) => g.reason).join(" | ")).toMatch(
      /not valid base64.*\|.*truncated/,
    );
    expect(batch).not.toHaveProperty("errors");
  });
});
