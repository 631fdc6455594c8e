// The parse worker (lib/ingest/parse-worker.ts) yields exactly what the request thread would: the same
// records (with the COPY text the store would build), the same refusals with the same line numbers and
// indexes, and the same error for a body that cannot be parsed at all.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import "@/lib/ingest/formats";
import { parseInWorker } from "@/lib/ingest/parse-in-worker";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { recordProblem } from "@/lib/ingest/record-check";
import { chooseFormat } from "@/lib/ingest/registry";
import { workerFormats } from "@/lib/ingest/worker-formats";

const opaLines = readFileSync("lib/demo/fixtures/policy/opa-decisions.jsonl", "utf8").trim().split("\n");
const envoyLines = readFileSync("lib/demo/fixtures/policy/istio-accesslog-denies.jsonl", "utf8").trim();
const hubbleLines = readFileSync("lib/demo/fixtures/policy/hubble-flows.jsonl", "utf8").trim();

type Outcome = { items: unknown[]; error: { code: string; message: string } | null };

async function collect(items: AsyncIterable<unknown>): Promise<Outcome> {
  const out: unknown[] = [];
  try {
    for await (const item of items) out.push(item);
    return { items: out, error: null };
  } catch (e) {
    return { items: out, error: { code: (e as AppError).code, message: (e as Error).message } };
  }
}

/** As the batch writer reads a body in its own thread: the parser, then the record check. */
async function inThread(format: string, body: string | Buffer, limits: { maxLineBytes?: number } = {}) {
  const handler = chooseFormat("policy", format, "", null);
  const prepare = workerFormats[`policy:${format}`].prepare;
  const payload = payloadFromBuffer(body, null, limits);
  return collect(
    (async function* () {
      for await (const item of handler.parse(payload, { cluster: null })) {
        if (!item.ok) yield item;
        else {
          const problem = recordProblem(item.record);
          yield problem
            ? { ok: false, ref: item.ref, reason: problem }
            : { ok: true, ref: item.ref, record: prepare(item.record) };
        }
      }
    })(),
  );
}

async function inWorker(format: string, body: string | Buffer, limits: { maxLineBytes?: number } = {}) {
  const payload = payloadFromBuffer(body, null, limits);
  const items = await parseInWorker(`policy:${format}`, payload, { cluster: null });
  if (!items) throw new Error("the parse worker did not start");
  const outcome = await collect(
    (async function* () {
      for await (const batch of items) yield* batch;
    })(),
  );
  await payload.drain();
  return outcome;
}

async function same(format: string, body: string | Buffer, limits: { maxLineBytes?: number } = {}) {
  const a = await inThread(format, body, limits);
  const b = await inWorker(format, body, limits);
  expect(b).toEqual(a);
  return a;
}

describe("parse worker", () => {
  it("OPA NDJSON: records, refusals by line (bad JSON, other log lines, NUL, long strings), CRLF, BOM", async () => {
    const body = [
      opaLines[0],
      "{this is not json",
      '{"level":"info","msg":"Server initialized.","time":"2025-06-15T08:00:00Z"}',
      "",
      "[1,2,3]",
      opaLines[1].replace(/"decision_id":\s*"[^"]+"/, '"decision_id": "nul-\\u0000"'),
      JSON.stringify({ ...JSON.parse(opaLines[2]), requested_by: "x".repeat(70_000) }),
      `${opaLines[3]}\r`,
      JSON.stringify({ ...JSON.parse(opaLines[4]), labels: { app: "tab\there", id: "back\\slash" } }),
      ...opaLines.slice(5),
    ].join("\n");
    const r = await same("opa", `\uFEFF${body}\n`);
    expect(r.error).toBeNull();
    const refused = r.items.filter((i) => !(i as { ok: boolean }).ok) as { ref: { line: number } }[];
    expect(refused.map((i) => i.ref.line)).toEqual([2, 3, 5, 6, 7]);
    expect(r.items.length - refused.length).toBe(opaLines.length - 2);
  });

  it("OPA's gzip JSON array upload, with indexes; a truncated array is refused whole", async () => {
    const events = opaLines.map((l) => {
      const e = JSON.parse(l);
      delete e.msg;
      return JSON.stringify(e);
    });
    const gz = gzipSync(`[${events.join(",\n")},"not an object"]`);
    const r = await same("opa", gz);
    expect(r.error).toBeNull();
    const truncated = await same("opa", `[${events.slice(0, 3).join(",")}`);
    expect(truncated.error?.code).toBe("bad_request");
  });

  it("a line over the limit ends the body with the same 413", async () => {
    const body = `${opaLines[0]}\n${"y".repeat(5000)}\n${opaLines[1]}\n`;
    const r = await same("opa", body, { maxLineBytes: 4096 });
    expect(r.error?.code).toBe("payload_too_large");
  });

  it("many records (more than the worker sends in one message) arrive in order", async () => {
    const many = Array.from({ length: 12_345 }, (_, i) =>
      opaLines[i % opaLines.length].replace(/"decision_id":\s*"[^"]+"/, `"decision_id": "many-${i}"`),
    ).join("\n");
    const r = await same("opa", many);
    expect(r.items.length).toBe(12_345);
  });

  it("Envoy access log and Hubble flows", async () => {
    await same("envoy-accesslog", `${envoyLines}\nnot json\n`);
    await same("hubble", `${hubbleLines}\n{}\n`);
  });

  it("errors are AppErrors with their code", async () => {
    const payload = payloadFromBuffer("[", null);
    const items = await parseInWorker("policy:opa", payload, { cluster: null });
    if (!items) throw new Error("the parse worker did not start");
    await expect(collect(items)).resolves.toMatchObject({ error: { code: "bad_request" } });
    expect(new AppError("bad_request", "x")).toBeInstanceOf(Error);
  });
});
