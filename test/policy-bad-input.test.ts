// Bad input through the real routes (docs/ingest-formats.md): per-line rejects with line numbers, 4xx for bodies
// that cannot be parsed, never a 500, never a half-written batch.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as opaLogs } from "@/app/api/v1/opa/logs/route";
import { rebuildRollups } from "@/lib/policy/mutations";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

// A small limit for this file (env() is read lazily, on the first request).
process.env.POSTURE_INGEST_MAX_BYTES = String(64 * 1024);

const opaLines = readFileSync("lib/demo/fixtures/policy/opa-decisions.jsonl", "utf8").trim().split("\n");
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator");
});

const post = (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  postIngest(token, `policy?${query}`, body, headers);

async function decisionCount() {
  const [r] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_decision`);
  return r.n;
}

describe("policy ingest: bad input", () => {
  it("mixed valid and invalid lines: valid ones stored, each bad one reported by line", async () => {
    const relabel = (l: string, id: string) => l.replace(/"decision_id": "[^"]+"/, `"decision_id": "${id}"`);
    const body = [
      relabel(opaLines[0], "mixed-1"),
      "{this is not json",
      '{"level":"info","msg":"Server initialized.","time":"2025-06-15T08:00:00Z"}',
      "[1,2,3]",
      relabel(opaLines[3], "mixed-2"),
      '{"decision_id":"mixed-3","path":"a","result":true,"timestamp":"2025-06-15T10:00:00Z"}',
    ].join("\n");
    const before = await decisionCount();
    const r = await post("format=opa", body);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "partial", accepted: 2, rejectedCount: 4 });
    expect(r.json.rejected.map((x: { line: number }) => x.line)).toEqual([2, 3, 4, 6]);
    expect(r.json.rejected[0].reason).toMatch(/not JSON/);
    expect(r.json.rejected[1].reason).toMatch(/not a decision log line/);
    expect(r.json.rejected[2].reason).toMatch(/expected a JSON object/);
    // Line 6 has no labels.cluster and the request no ?cluster=: stored nowhere, reported.
    expect(r.json.rejected[3].reason).toMatch(/no cluster/);
    expect(await decisionCount()).toBe(before + 2);
    // Leave the shared test database as found (other files pin KPI values for the sample day).
    await db().query(`DELETE FROM ingest_batch WHERE id = $1`, [r.json.batchId]);
    await rebuildRollups(db(), new Date("2025-06-15T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
  });

  it("a body that claims gzip but is not: 400, nothing stored", async () => {
    const before = await decisionCount();
    const r = await post("format=opa", opaLines.slice(0, 3).join("\n"), { "content-encoding": "gzip" });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/gzip/);
    expect(await decisionCount()).toBe(before);
  });

  it("a truncated gzip stream: 400 and none of the lines before the cut are kept", async () => {
    const lines = opaLines.map((l, i) => l.replace(/"decision_id": "[^"]+"/, `"decision_id": "trunc-${i}"`));
    const gz = gzipSync(lines.join("\n"));
    const before = await decisionCount();
    const r = await post("format=opa", gz.subarray(0, Math.floor(gz.length * 0.7)));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/truncated/);
    expect(await decisionCount()).toBe(before);
  });

  it("a truncated OPA upload array: 400, nothing stored", async () => {
    const events = opaLines.map((l, i) => ({ ...JSON.parse(l), decision_id: `arr-${i}` }));
    const text = JSON.stringify(events);
    const before = await decisionCount();
    const r = await call(opaLogs, {
      path: "/api/v1/opa/logs",
      token,
      body: gzipSync(text.slice(0, text.length - 200)),
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/not closed/);
    expect(await decisionCount()).toBe(before);
  });

  it("a body over POSTURE_INGEST_MAX_BYTES: 413 (declared or streamed), nothing stored", async () => {
    const big = Array.from({ length: 60 }, (_, i) =>
      opaLines[i % opaLines.length].replace(/"decision_id": "[^"]+"/, `"decision_id": "big-${i}"`),
    ).join("\n");
    expect(big.length).toBeGreaterThan(64 * 1024);
    const before = await decisionCount();
    const declared = await post("format=opa", big);
    expect(declared.status).toBe(413);
    // Gzip hides the size from Content-Length: the limit applies to the decompressed stream too.
    const zipped = await post("format=opa", gzipSync(big));
    expect(zipped.status).toBe(413);
    expect(await decisionCount()).toBe(before);
  });

  it("documents that do not parse: 400; unknown format: 400; empty body: 400", async () => {
    expect((await post("format=policyreport&cluster=c1", "{broken")).status).toBe(400);
    expect((await post("format=gatekeeper&cluster=c1", "[")).status).toBe(400);
    expect((await post("format=nope", "{}")).status).toBe(400);
    expect((await post("format=opa", "   \n")).status).toBe(400);
    // No ?format= and nothing recognisable: 400 naming the formats.
    const r = await post("", "hello");
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/opa/);
  });

  it("a PolicyReport without any cluster is refused with 400 naming the ways to give one", async () => {
    const list = JSON.parse(readFileSync("lib/demo/fixtures/policy/kyverno-policyreport.json", "utf8"))[1]
      .payload;
    const r = await post("format=policyreport", JSON.stringify(list));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/\?cluster=.*envelope.*default cluster on the API token/);
    expect(r.json.error.details).toMatchObject({ accepted: 0, rejectedCount: 1 });
  });

  it("never answers 500 to arbitrary bodies in any policy format", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("opa", "policyreport", "gatekeeper", "envoy-accesslog", "hubble"),
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
        ),
        async (format, body) => {
          const r = await post(`format=${format}&cluster=fuzz`, body);
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
