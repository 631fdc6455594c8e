// Pull connectors as an SSRF channel (issue: any URL accepted, redirects followed, the target's body read
// back through lastError, open ports told apart by the TLS scanner). Every peer here is on loopback.
import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as listSourcesRoute } from "@/app/api/v1/sources/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { NO_TLS } from "@/lib/certificates/connectors/tls-endpoints";
import { reloadEnv } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { checkedConnect, checkedFetch } from "@/lib/net/outbound";
import { createSource } from "@/lib/sources/mutations";
import { runSource } from "@/lib/sources/runner";
import { call, db, tokenFor } from "./fixtures";

const SECRET = "AKIA-INTERNAL-ONLY-do-not-leak";
const hits = { a: [] as string[], b: [] as string[] };
let a: http.Server; // 127.0.0.1: answers secrets in error bodies, redirects
let b: http.Server; // 127.0.0.2: "another host" a redirect points at
let aPort = 0;
let bPort = 0;
let silent: net.Server; // accepts TCP and never speaks
let plain: net.Server; // accepts TCP and answers plain text
const sockets = new Set<net.Socket>();

const listen = (s: net.Server, host: string) =>
  new Promise<number>((r) => s.listen(0, host, () => r((s.address() as net.AddressInfo).port)));

beforeAll(async () => {
  a = http.createServer((req, res) => {
    hits.a.push(req.url ?? "");
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname.startsWith("/secret-500/"))
      res.writeHead(500, { "content-type": "text/plain" }).end(`internal error: token=${SECRET}`);
    else if (u.pathname.startsWith("/secret-200/"))
      res.writeHead(200, { "content-type": "text/plain" }).end(`<html>${SECRET}</html>`);
    else if (u.pathname.startsWith("/secret-json/"))
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ status: "error", error: SECRET }));
    else if (u.pathname.startsWith("/elsewhere/"))
      res.writeHead(302, { location: `http://127.0.0.2:${bPort}/api/v1/query${u.search}` }).end();
    else if (u.pathname.startsWith("/moved/"))
      res.writeHead(301, { location: `/prom/api/v1/query${u.search}` }).end();
    else if (u.pathname === "/prom/api/v1/query")
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }));
    else res.writeHead(404).end();
  });
  aPort = await listen(a, "127.0.0.1");
  b = http.createServer((req, res) => {
    hits.b.push(req.url ?? "");
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "success", leaked: SECRET }));
  });
  bPort = await listen(b, "127.0.0.2");
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  plain = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.end("SSH-2.0-OpenSSH_9.2p1 Debian\r\n");
  });
  await listen(silent, "127.0.0.1");
  await listen(plain, "127.0.0.1");
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  a.closeAllConnections();
  b.closeAllConnections();
  await Promise.all([a, b, silent, plain].map((s) => new Promise((r) => s.close(r))));
});

afterEach(() => {
  delete process.env.POSTURE_OUTBOUND_ALLOW;
  reloadEnv();
});

let n = 0;
async function prometheusAt(url: string) {
  const { id } = await withPgTransaction(pool(), (_c, sql) =>
    createSource(sql, SYSTEM_ACTOR, {
      name: `ssrf-${n++}`,
      kind: "prometheus",
      config: { url, timeoutMs: 2000 },
    }),
  );
  const out = await runSource(id);
  const [row] = await db().query<{ lastError: string | null }>(
    `SELECT "lastError" FROM source WHERE id = $1`,
    [id],
  );
  return { id, out, lastError: row.lastError ?? "" };
}

describe("SSRF read-back through connector errors", () => {
  it("a target's error body never reaches lastError or the run message: status and a fixed text only", async () => {
    for (const path of ["secret-500", "secret-200", "secret-json"]) {
      const { out, lastError } = await prometheusAt(`http://127.0.0.1:${aPort}/${path}/`);
      expect(out.status).toBe("error");
      expect(lastError).not.toContain(SECRET);
      expect(out.message).not.toContain(SECRET);
    }
    const { lastError } = await prometheusAt(`http://127.0.0.1:${aPort}/secret-500/`);
    expect(lastError).toBe(`Prometheus at http://127.0.0.1:${aPort} answered HTTP 500 Internal Server Error`);
    const runs = await db().query<{ message: string }>(
      `SELECT message FROM source_run WHERE message LIKE $1`,
      [`%${SECRET}%`],
    );
    expect(runs).toEqual([]);
  });

  it("viewers do not see connector errors; operators do", async () => {
    await prometheusAt(`http://127.0.0.1:${aPort}/secret-500/`);
    const asViewer = await call(listSourcesRoute, { token: await tokenFor("viewer") });
    expect(asViewer.status).toBe(200);
    const vs = asViewer.json.sources as {
      lastError: string | null;
      lastMessage: string | null;
      lastStatus: string;
    }[];
    expect(vs.length).toBeGreaterThan(0);
    expect(vs.every((s) => s.lastError === null && s.lastMessage === null)).toBe(true);
    const asOperator = await call(listSourcesRoute, { token: await tokenFor("operator") });
    const os = asOperator.json.sources as { lastError: string | null }[];
    expect(os.some((s) => s.lastError?.includes("HTTP 500"))).toBe(true);
  });
});

describe("SSRF through redirects", () => {
  it("a redirect to another host is not followed (the other host never sees a request)", async () => {
    const before = hits.b.length;
    const { out, lastError } = await prometheusAt(`http://127.0.0.1:${aPort}/elsewhere/`);
    expect(out.status).toBe("error");
    expect(lastError).toContain("redirected to another host (not followed)");
    expect(hits.b.length).toBe(before);
  });

  it("a redirect within the same host is followed", async () => {
    const { out } = await prometheusAt(`http://127.0.0.1:${aPort}/moved/`);
    expect(out.status, out.message).toBe("ok");
  });
});

describe("SSRF to cloud metadata and link-local addresses", () => {
  it("is refused when saved and again before any connection, in every spelling of the address", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://[fe80::1]:9090/",
      "http://0.0.0.0:9090/",
    ]) {
      await expect(
        withPgTransaction(pool(), (_c, sql) =>
          createSource(sql, SYSTEM_ACTOR, { name: `ssrf-meta-${n++}`, kind: "prometheus", config: { url } }),
        ),
        url,
      ).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(/refused: link-local or cloud metadata address$/),
      });
      await expect(checkedFetch(url, { timeoutMs: 1000 }), url).rejects.toMatchObject({
        reason: "forbidden-address",
      });
    }
    // A source saved before (or around) the rule: its run is refused all the same.
    const { id } = await withPgTransaction(pool(), (_c, sql) =>
      createSource(sql, SYSTEM_ACTOR, {
        name: "ssrf-meta-saved",
        kind: "prometheus",
        config: { url: "http://127.0.0.1:9/" },
      }),
    );
    await db().query(
      `UPDATE source SET config = jsonb_set(config, '{url}', '"http://169.254.169.254/"') WHERE id = $1`,
      [id],
    );
    const out = await runSource(id);
    expect(out.message).toBe(
      "Prometheus at http://169.254.169.254: refused: link-local or cloud metadata address",
    );
  });

  it("POSTURE_OUTBOUND_ALLOW set by an admin limits targets to its hosts and CIDRs", async () => {
    const { id } = await withPgTransaction(pool(), (_c, sql) =>
      createSource(sql, SYSTEM_ACTOR, {
        name: "ssrf-allow",
        kind: "prometheus",
        config: { url: `http://127.0.0.1:${aPort}/moved/` },
      }),
    );
    process.env.POSTURE_OUTBOUND_ALLOW = "10.0.0.0/8, prometheus.monitoring.svc";
    reloadEnv();
    expect((await runSource(id)).message).toMatch(/refused: not in POSTURE_OUTBOUND_ALLOW$/);
    await expect(prometheusAt(`http://127.0.0.1:${aPort}/moved/`)).rejects.toThrow(
      /not in POSTURE_OUTBOUND_ALLOW/,
    );
    process.env.POSTURE_OUTBOUND_ALLOW = "10.0.0.0/8, 127.0.0.1/32";
    reloadEnv();
    expect((await runSource(id)).status).toBe("ok");
  });
});

describe("DNS rebinding", () => {
  it("the host is resolved once and the connection goes to the address that was checked", async () => {
    let lookups = 0;
    // First answer: loopback (passes the check); any later answer: the metadata service.
    const rebinding = async () =>
      lookups++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "169.254.169.254", family: 4 }];
    const before = hits.a.length;
    const res = await checkedFetch(`http://rebind.attacker.example:${aPort}/prom/api/v1/query`, {
      timeoutMs: 2000,
      resolve: rebinding,
    });
    expect(res.status).toBe(200);
    expect(lookups).toBe(1);
    expect(hits.a.length).toBe(before + 1);
    // The same for a raw socket (the TLS scanner's path).
    lookups = 0;
    const s = await checkedConnect("rebind.attacker.example", (plain.address() as net.AddressInfo).port, {
      timeoutMs: 2000,
      resolve: rebinding,
    });
    expect(s.remoteAddress).toBe("127.0.0.1");
    expect(lookups).toBe(1);
    s.destroy();
  });
});

describe("TLS scanner as a port scanner", () => {
  it("a closed port, a silent port, a non-TLS service and a metadata address all read the same", async () => {
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const endpoints = [
      `127.0.0.1:${closed}`,
      `127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
      `127.0.0.1:${(plain.address() as net.AddressInfo).port}`,
    ];
    const { id } = await withPgTransaction(pool(), (_c, sql) =>
      createSource(sql, SYSTEM_ACTOR, {
        name: "ssrf-tls-scan",
        kind: "tls-endpoints",
        cluster: "ssrf-test",
        config: { endpoints, timeoutSeconds: 1 },
      }),
    );
    // The metadata address cannot be saved; put it in as a source saved before the rule would hold it.
    endpoints.push("169.254.169.254:443");
    await db().query(`UPDATE source SET config = jsonb_set(config, '{endpoints}', $2::jsonb) WHERE id = $1`, [
      id,
      JSON.stringify(endpoints),
    ]);
    await runSource(id);
    // Every endpoint failed, so the batch stored nothing and was refused (422); its reasons are kept.
    const [batch] = await db().query<{ errors: { index: number; reason: string }[] }>(
      `SELECT errors FROM ingest_batch WHERE "sourceId" = $1 ORDER BY "receivedAt" DESC LIMIT 1`,
      [id],
    );
    expect(batch.errors.map((e) => e.reason)).toEqual(endpoints.map((e) => `${e}: ${NO_TLS}`));
  });
});
