// Hostile ingest bodies that used to pin a core: a 611 KB gzip body holding one line with no newline
// (about 600 MB once decompressed), a gzip bomb of nothing but newlines, a line over the limit, a
// whole-document body over its limit, a body that trickles in for longer than the time budget. Each is
// answered with a 413 that names what was too large and where, nothing is stored, and /api/health keeps
// answering while such a body is being read. No timing assertions here: the timed figures (the 64 MiB
// single-line upload) are in `npm run bench`; a test that hangs fails on its timeout.
import { gzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as opaLogs } from "@/app/api/v1/opa/logs/route";
import { env } from "@/lib/config/env";
import { call, db, tokenFor } from "./fixtures";

let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest"]);
});

const saved = { ...env() };
afterEach(() => Object.assign(env(), saved));

/**
 * `count` gzip members of `unit` each, the first prefixed: gunzip reads concatenated members as one
 * stream, so a few hundred KB on the wire become hundreds of MB, as in the attack.
 */
function gzipRepeated(prefix: string, unit: string, count: number): Buffer {
  const member = gzipSync(unit, { level: 9 });
  return Buffer.concat([gzipSync(prefix + unit, { level: 9 }), ...Array(count - 1).fill(member)]);
}

/** A request body that arrives in pieces (64 KiB), like a socket, optionally slowly. */
function streamed(body: Buffer, delayMs = 0): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(ctl) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (i >= body.length) return ctl.close();
      ctl.enqueue(new Uint8Array(body.subarray(i, i + 65536)));
      i += 65536;
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: route handlers differ in their params
type AnyRoute = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

async function send(
  route: AnyRoute,
  path: string,
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
) {
  const req = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: "half",
  });
  const res = await route(req, { params: Promise.resolve({ kind: "policy" }) });
  return { status: res.status, json: await res.json() };
}

const decisions = async () =>
  (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_decision`))[0].n;

describe("hostile ingest bodies: no request can pin the server", () => {
  it("the 611 KB gzip body of one endless line is refused with 413 naming the element and line, and health answers meanwhile", async () => {
    const before = await decisions();
    // OPA's upload shape, but the first decision's id never ends: ~600 MiB without a newline.
    const body = gzipRepeated('[{"decision_id":"', "A".repeat(1 << 20), 600);
    expect(body.length).toBeLessThan(1_000_000);
    const ingest = send(opaLogs, "/api/v1/opa/logs?cluster=attack", streamed(body), {
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
    const h = await call(health);
    const r = await ingest;
    expect(h.status).toBe(200);
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/element 0 \(line 1\).*longer than the limit of 8388608 bytes/);
    expect(await decisions()).toBe(before);
    const [batch] = await db().query<{ status: string; message: string }>(
      `SELECT status, message FROM ingest_batch ORDER BY "receivedAt" DESC LIMIT 1`,
    );
    expect(batch).toMatchObject({ status: "rejected", message: expect.stringMatching(/element 0/) });
  }, 120_000);

  it("the same endless line as console NDJSON is refused with 413 naming line 1", async () => {
    const body = gzipRepeated('{"decision_id":"', "B".repeat(1 << 20), 600);
    const r = await send(ingestRoute, "/api/v1/ingest/policy?format=opa&cluster=attack", streamed(body), {
      "content-encoding": "gzip",
    });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/^line 1 is longer than the limit of 8388608 bytes/);
  }, 120_000);

  it("a line over the limit after good lines is named by its number, and the batch stores nothing", async () => {
    env().POSTURE_INGEST_MAX_LINE_BYTES = 1000;
    const before = await decisions();
    const good = (i: number) =>
      JSON.stringify({
        decision_id: `long-line-${i}`,
        timestamp: new Date().toISOString(),
        path: "envoy/authz/allow",
        result: true,
      });
    const text = `${good(1)}\n\n${good(2)}\n{"decision_id":"${"x".repeat(2000)}"}\n${good(3)}\n`;
    const r = await send(
      ingestRoute,
      "/api/v1/ingest/policy?format=opa&cluster=attack",
      streamed(Buffer.from(text)),
      {},
    );
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/^line 4 is longer than the limit of 1000 bytes/);
    expect(await decisions()).toBe(before);
  });

  it("a gzip bomb of newlines stops at the decompressed-size limit, and health keeps answering while it is read", async () => {
    env().POSTURE_INGEST_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
    const first = '{"decision_id":"bomb","timestamp":"2025-01-01T00:00:00Z","path":"a","result":true}\n';
    const body = gzipRepeated(first, "\n".repeat(1 << 20), 1024);
    let settled = false;
    const ingest = send(ingestRoute, "/api/v1/ingest/policy?format=opa&cluster=attack", streamed(body), {
      "content-encoding": "gzip",
    }).finally(() => {
      settled = true;
    });
    let answeredWhileReading = 0;
    while (!settled) {
      const h = await call(health);
      expect(h.status).toBe(200);
      if (!settled) answeredWhileReading++;
    }
    const r = await ingest;
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/Decompressed body is larger than the limit of 268435456 bytes/);
    expect(answeredWhileReading).toBeGreaterThan(0);
  }, 120_000);

  it("a whole-document format over the document limit is refused with 413", async () => {
    env().POSTURE_INGEST_MAX_DOCUMENT_BYTES = 10_000;
    const alerts = Array.from({ length: 100 }, (_, i) => ({
      status: "firing",
      labels: { alertname: `Big${i}`, severity: "warning", cluster: "attack" },
      annotations: { summary: "x".repeat(200) },
      startsAt: new Date().toISOString(),
    }));
    const r = await send(
      alertmanagerRoute,
      "/api/v1/alerts/alertmanager",
      streamed(Buffer.from(JSON.stringify({ version: "4", status: "firing", alerts }))),
      { "content-type": "application/json" },
    );
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/one document, limited to 10000 bytes/);
  });

  it("a body that trickles in for longer than the time budget is cut off with 413", async () => {
    env().POSTURE_INGEST_MAX_SECONDS = 0.3;
    const lines = Buffer.from(
      `${'{"decision_id":"slow","timestamp":"2025-01-01T00:00:00Z","path":"a","result":true}\n'.repeat(20_000)}`,
    );
    const r = await send(
      ingestRoute,
      "/api/v1/ingest/policy?format=opa&cluster=attack",
      streamed(lines, 50),
      {},
    );
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/took longer than the limit of 0.3 s/);
  });

  it("a 16 MiB single-line OPA upload (gzip JSON array, as OPA sends it) is split linearly and stored whole", async () => {
    const t = Date.now() - 60_000;
    const events = Array.from({ length: 16_000 }, (_, i) => ({
      decision_id: `one-line-${i}`,
      timestamp: new Date(t + i).toISOString(),
      path: "envoy/authz/allow",
      labels: { id: "sidecar", cluster: "one-line" },
      input: { note: "é€😀".repeat(i % 7), pad: "p".repeat(1000) },
      result: i % 5 !== 0,
    }));
    const json = JSON.stringify(events);
    expect(json).not.toContain("\n");
    expect(json.length).toBeGreaterThan(16 * 1024 * 1024);
    const r = await send(opaLogs, "/api/v1/opa/logs", streamed(gzipSync(json)), {
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ accepted: 16_000, rejectedCount: 0 });
  }, 120_000);
});
