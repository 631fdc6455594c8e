// The shared batch writer (lib/ingest/batch.ts) with a minimal format defined here: each line "id,value"
// is a record; the test table dedups by id. Exercises what every real format relies on: per-record
// rejects, idempotency (payload, Idempotency-Key, record), gzip, truncated gzip, size limits, 4xx on
// unparseable payloads with nothing stored, and the HTTP route with its auth.
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { registerFormat } from "@/lib/ingest/registry";
import type { ParseItem } from "@/lib/ingest/types";
import { db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

interface Rec {
  id: string;
  value: number;
}

beforeAll(async () => {
  await db().query(
    `CREATE TABLE IF NOT EXISTS test_record (id text PRIMARY KEY, value int NOT NULL, "batchId" uuid NOT NULL REFERENCES ingest_batch(id) ON DELETE CASCADE)`,
  );
  registerFormat<Rec>({
    kind: "alerts",
    format: "test-lines",
    description: "id,value lines (tests only)",
    sniff: (head) => head.startsWith("#test-lines"),
    async *parse(input) {
      for await (const { line, text } of input.lines()) {
        if (line === 1 && text.startsWith("#test-lines")) continue;
        if (!text.trim()) continue;
        if (text === "FATAL") throw new AppError("bad_request", "line FATAL: the payload cannot be parsed");
        const [id, v] = text.split(",");
        const value = Number(v);
        const item: ParseItem<Rec> =
          Number.isInteger(value) && id
            ? { ok: true, record: { id, value }, ref: { line } }
            : { ok: false, ref: { line }, reason: `"${text.slice(0, 40)}" is not id,integer` };
        yield item;
      }
    },
    async store(ctx, items) {
      let accepted = 0;
      for (const { record } of items) {
        const r = await ctx.sql.query(
          `INSERT INTO test_record (id, value, "batchId") VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [record.id, record.value, ctx.batchId],
        );
        accepted += r.length;
      }
      return { accepted, duplicates: items.length - accepted };
    },
    chunkSize: 2,
  });
});

const post = (
  token: string,
  body: string | Uint8Array,
  query = "?format=test-lines&cluster=c1",
  headers: Record<string, string> = {},
) => postIngest(token, `alerts${query}`, body, headers);

describe("ingest batch writer", () => {
  it("stores valid records, rejects invalid ones with their line, counts duplicates within the batch", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const r = await post(t, "a1,1\nnot-a-record\na2,2\na1,1\na3,x\n");
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      status: "partial",
      accepted: 2,
      duplicates: 1,
      rejectedCount: 2,
      cluster: "c1",
    });
    expect(r.json.rejected.map((x: { line: number }) => x.line)).toEqual([2, 5]);
    const b = await db().query<{ status: string; accepted: number; rejected: number }>(
      `SELECT status, accepted, rejected FROM ingest_batch WHERE id = $1`,
      [r.json.batchId],
    );
    expect(b[0]).toMatchObject({ status: "partial", accepted: 2, rejected: 2 });
  });

  it("the same payload twice is stored once and recorded as a duplicate of the first", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const body = "b1,1\nb2,2\n";
    const first = await post(t, body);
    const second = await post(t, body);
    expect(first.json.accepted).toBe(2);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ status: "duplicate", duplicateOf: first.json.batchId, accepted: 0 });
    expect(await db().query(`SELECT 1 FROM test_record WHERE id IN ('b1','b2')`)).toHaveLength(2);
  });

  it("an Idempotency-Key replays the first result", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const first = await post(t, "k1,1\n", undefined, { "idempotency-key": "key-1" });
    const again = await post(t, "k2,2\n", undefined, { "idempotency-key": "key-1" });
    expect(again.json).toMatchObject({ status: "duplicate", duplicateOf: first.json.batchId });
    expect(await db().query(`SELECT 1 FROM test_record WHERE id = 'k2'`)).toHaveLength(0);
  });

  it("accepts gzip bodies and detects the format from the content", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const r = await post(t, gzipSync("#test-lines\ng1,1\ng2,2\n"), "?cluster=c1", {
      "content-encoding": "gzip",
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ format: "test-lines", accepted: 2 });
  });

  it("unparseable payloads are rejected whole with 400 and nothing stored, but the rejection is recorded", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const r = await post(t, "f1,1\nf2,2\nf3,3\nFATAL\n");
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/FATAL/);
    expect(await db().query(`SELECT 1 FROM test_record WHERE id LIKE 'f%'`)).toHaveLength(0);
    const rec = await db().query(
      `SELECT 1 FROM ingest_batch WHERE status = 'rejected' AND message LIKE '%FATAL%'`,
    );
    expect(rec.length).toBeGreaterThan(0);
  });

  it("bad bodies: not gzip, truncated gzip, empty, unknown format, unknown kind, bad cluster name → 4xx", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const gz = gzipSync("t1,1\nt2,2\n".repeat(500));
    const trunc = await post(t, gz.subarray(0, gz.length - 20), undefined, { "content-encoding": "gzip" });
    expect(trunc.status).toBe(400);
    expect(trunc.json.error.message).toMatch(/truncated|gzip/);
    expect(await db().query(`SELECT 1 FROM test_record WHERE id = 't1'`)).toHaveLength(0);
    const notGz = await post(t, "plain text", undefined, { "content-encoding": "gzip" });
    expect(notGz.status).toBe(400);
    expect((await post(t, "")).status).toBe(400);
    const unknown = await post(t, "x,1\n", "?format=nope");
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/Unknown format "nope"/);
    const kind = await postIngest(t, "nope", "x");
    expect(kind.status).toBe(404);
    const cl = await post(t, "x,1\n", "?format=test-lines&cluster=Bad%20Name!");
    expect(cl.status).toBe(400);
    expect(cl.json.error.message).toMatch(/cluster/);
  });

  it("bodies over the limit get 413 (declared or streamed) and store nothing", async () => {
    const t = await tokenFor("operator", ["ingest"]);
    const prev = process.env.POSTURE_INGEST_MAX_BYTES;
    const { env } = await import("@/lib/config/env");
    const e = env();
    const saved = e.POSTURE_INGEST_MAX_BYTES;
    e.POSTURE_INGEST_MAX_BYTES = 100;
    try {
      const big = "z1,1\n".repeat(100);
      const r = await post(t, big);
      expect(r.status).toBe(413);
      const gz = await post(t, gzipSync("z2,2\n".repeat(1000)), undefined, { "content-encoding": "gzip" });
      expect(gz.status).toBe(413);
      expect(await db().query(`SELECT 1 FROM test_record WHERE id IN ('z1','z2')`)).toHaveLength(0);
    } finally {
      e.POSTURE_INGEST_MAX_BYTES = saved;
      process.env.POSTURE_INGEST_MAX_BYTES = prev;
    }
  });

  it("needs a token with the ingest scope held by an operator or admin", async () => {
    expect((await post(await tokenFor("operator", ["read"]), "r1,1\n")).status).toBe(403);
    expect((await post(await tokenFor("viewer", ["ingest"]), "r1,1\n")).status).toBe(403);
    expect((await post(await tokenFor("risk_manager", ["ingest"]), "r1,1\n")).status).toBe(403);
    expect((await post(await tokenFor("admin", ["ingest"]), "r1,1\n")).status).toBe(201);
  });
});
