// The parse worker (a worker thread; started by lib/ingest/parse-in-worker.ts). It runs a format's own
// parser over the body bytes the request thread forwards, applies the record check the batch writer would
// apply (lib/ingest/record-check.ts), lets the format prepare what it stores (e.g. COPY text) and sends
// the items back in order, in messages of ITEMS_PER_MESSAGE. So JSON.parse and everything per record run
// beside the request thread, which only moves bytes, resolves clusters and talks to the database.
import { parentPort } from "node:worker_threads";
import { isAppError } from "@/lib/errors";
import {
  type FromWorker,
  ITEMS_PER_MESSAGE,
  MAX_UNCONSUMED_MESSAGES,
  type ToWorker,
  type WireError,
} from "./parse-protocol";
import { payloadFrom } from "./payload";
import { recordProblem } from "./record-check";
import type { ParseItem } from "./types";
import { workerFormats } from "./worker-formats";

/** Thrown into the parser where the request thread failed to read the body. */
class BodyFailed extends Error {}

interface Session {
  chunks: Buffer[];
  ended: boolean;
  failed: boolean;
  stopped: boolean;
  /** Item messages sent and not yet consumed. */
  unconsumed: number;
  /** The body reader and the item sender may both be waiting (the parser reads ahead of its consumer). */
  waiting: (() => void)[];
}

const port = parentPort;
if (!port) throw new Error("parse-worker: not started as a worker thread");
const sessions = new Map<number, Session>();
const send = (m: FromWorker) => port.postMessage(m);

function wake(s: Session) {
  const ws = s.waiting;
  s.waiting = [];
  for (const w of ws) w();
}

const waitFor = (s: Session) =>
  new Promise<void>((r) => {
    s.waiting.push(r);
  });

async function* bodyOf(id: number, s: Session): AsyncGenerator<Uint8Array> {
  for (;;) {
    const c = s.chunks.shift();
    if (c) {
      send({ t: "took", id, n: c.length });
      yield c;
      continue;
    }
    if (s.failed) throw new BodyFailed();
    if (s.ended || s.stopped) return;
    await waitFor(s);
  }
}

function wire(e: unknown): WireError {
  if (e instanceof BodyFailed) return { fromBody: true, message: "" };
  if (isAppError(e)) return { appError: { code: e.code, details: e.details }, message: e.message };
  return { message: e instanceof Error ? e.message : String(e) };
}

async function run(id: number, s: Session, m: Extract<ToWorker, { t: "start" }>) {
  const format = workerFormats[m.key];
  let out: ParseItem<unknown>[] = [];
  const flush = async () => {
    if (!out.length) return;
    send({ t: "items", id, items: out });
    out = [];
    s.unconsumed++;
    while (s.unconsumed >= MAX_UNCONSUMED_MESSAGES && !s.stopped) await waitFor(s);
  };
  try {
    if (!format) throw new Error(`parse-worker: no parser for ${m.key}`);
    // Already decoded, limited and hashed by the request thread; only the per-line limit applies here.
    const input = payloadFrom(bodyOf(id, s), {
      contentType: m.contentType,
      decoded: true,
      maxBytes: Number.POSITIVE_INFINITY,
      maxLineBytes: m.maxLineBytes,
    });
    for await (const item of format.parse(input, m.opts)) {
      if (s.stopped) return;
      if (item.ok) {
        const problem = recordProblem(item.record);
        out.push(
          problem
            ? { ok: false, ref: item.ref, reason: problem }
            : { ok: true, ref: item.ref, record: format.prepare(item.record) },
        );
      } else out.push(item);
      if (out.length >= ITEMS_PER_MESSAGE) await flush();
    }
    if (s.stopped) return;
    if (out.length) send({ t: "items", id, items: out });
    send({ t: "done", id });
  } catch (e) {
    if (s.stopped) return;
    // The items before the failure first: the batch lists refusals in record order.
    if (out.length) send({ t: "items", id, items: out });
    send({ t: "error", id, error: wire(e) });
  } finally {
    sessions.delete(id);
  }
}

port.on("message", (m: ToWorker) => {
  if (m.t === "start") {
    const s: Session = {
      chunks: [],
      ended: false,
      failed: false,
      stopped: false,
      unconsumed: 0,
      waiting: [],
    };
    sessions.set(m.id, s);
    void run(m.id, s, m);
    return;
  }
  const s = sessions.get(m.id);
  if (!s) return;
  if (m.t === "bytes") s.chunks.push(Buffer.from(m.buf));
  else if (m.t === "end") s.ended = true;
  else if (m.t === "fail") s.failed = true;
  else if (m.t === "credit") s.unconsumed--;
  else if (m.t === "stop") s.stopped = true;
  wake(s);
});

send({ t: "ready" });
