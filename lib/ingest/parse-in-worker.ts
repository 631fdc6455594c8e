// Parsing a body in the parse worker (lib/ingest/parse-worker.ts), seen from the request thread: the
// decoded body bytes go to the worker as they arrive (at most MAX_BYTES_IN_FLIGHT ahead), the parsed and
// checked items come back in order. The body's limits, hash and size stay here (lib/ingest/payload.ts); a
// limit hit while reading is thrown at the same point of the item stream as when parsing here, and a
// limit the worker hits (a line too long) ends the body as it would here. Errors arrive as the AppError
// the parser threw. When the worker cannot start (no worker support, a bundle without it) formats are
// parsed in the request thread as before; POSTURE_INGEST_PARSE_WORKER=0 chooses that too.
import { Worker } from "node:worker_threads";
import { env } from "@/lib/config/env";
import { AppError, type ErrorCode } from "@/lib/errors";
import { type FromWorker, MAX_BYTES_IN_FLIGHT, type ToWorker, type WireError } from "./parse-protocol";
import type { Payload } from "./payload";
import type { ParseItem, ParseOptions } from "./types";

interface Session {
  batches: ParseItem<unknown>[][];
  done: boolean;
  error: WireError | null;
  inFlight: number;
  wake: (() => void) | null;
  wakeSender: (() => void) | null;
}

interface ParseWorker {
  worker: Worker;
  sessions: Map<number, Session>;
  dead: boolean;
}

let current: Promise<ParseWorker | null> | null = null;
let nextId = 1;
let unavailable = false;

const STARTUP_MS = 30_000;

/**
 * The worker as this module is loaded: bundled (next build: Turbopack emits the worker's own entry for
 * the `new Worker(new URL(…))` below), or from source (tsx, vitest: Node cannot load the .ts entry by
 * itself, so the worker registers tsx's loader before importing it).
 */
function spawn(fromSource: boolean): Worker {
  if (fromSource) {
    const entry = import.meta.url.replace(/[^/]+$/, "parse-worker.ts");
    return new Worker(
      `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true },
    );
  }
  return new Worker(new URL("./parse-worker.ts", import.meta.url));
}

async function start(): Promise<ParseWorker | null> {
  const failures: unknown[] = [];
  for (const fromSource of [false, true]) {
    if (fromSource && !import.meta.url.endsWith(".ts")) break;
    const pw = await startOne(fromSource, failures);
    if (pw) return pw;
  }
  console.error("[ingest] parse worker unavailable; parsing in the request thread", failures);
  unavailable = true;
  return null;
}

function startOne(fromSource: boolean, failures: unknown[]): Promise<ParseWorker | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = spawn(fromSource);
    } catch (e) {
      failures.push(e);
      resolve(null);
      return;
    }
    const pw: ParseWorker = { worker, sessions: new Map(), dead: false };
    let ready = false;
    const timer = setTimeout(() => fail(new Error("no answer")), STARTUP_MS);
    const fail = (e: unknown) => {
      clearTimeout(timer);
      pw.dead = true;
      for (const s of pw.sessions.values()) {
        s.error ??= { message: `the parse worker stopped: ${(e as Error)?.message ?? e}` };
        wakeAll(s);
      }
      pw.sessions.clear();
      if (!ready) {
        ready = true;
        failures.push(e);
        void worker.terminate();
        resolve(null);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    worker.on("message", (m: FromWorker) => {
      if (m.t === "ready") {
        ready = true;
        clearTimeout(timer);
        // Idle, the worker does not keep the process alive.
        worker.unref();
        resolve(pw);
        return;
      }
      const s = pw.sessions.get(m.id);
      if (!s) return;
      if (m.t === "items") s.batches.push(m.items);
      else if (m.t === "took") s.inFlight -= m.n;
      else if (m.t === "done") s.done = true;
      else if (m.t === "error") s.error = m.error;
      if (m.t === "done" || m.t === "error") pw.sessions.delete(m.id);
      wakeAll(s);
    });
  });
}

function wakeAll(s: Session) {
  const a = s.wake;
  const b = s.wakeSender;
  s.wake = null;
  s.wakeSender = null;
  a?.();
  b?.();
}

async function parseWorker(): Promise<ParseWorker | null> {
  if (unavailable || env().POSTURE_INGEST_PARSE_WORKER === "0") return null;
  if (current) {
    const pw = await current;
    if (pw && !pw.dead) return pw;
    if (unavailable) return null;
  }
  current = start();
  return current;
}

/**
 * The items of `payload` parsed by the worker's parser for `key` (`${kind}:${format}`, a format listed in
 * lib/ingest/worker-formats.ts), already through the record check, in batches; null when there is no
 * worker (then parse in this thread).
 */
export async function parseInWorker(
  key: string,
  payload: Payload,
  opts: ParseOptions,
): Promise<AsyncIterable<ParseItem<unknown>[]> | null> {
  const found = await parseWorker();
  if (!found) return null;
  const pw = found;
  const id = nextId++;
  const s: Session = { batches: [], done: false, error: null, inFlight: 0, wake: null, wakeSender: null };
  pw.sessions.set(id, s);
  const post = (m: ToWorker, transfer?: ArrayBuffer[]) => {
    if (!pw.dead) pw.worker.postMessage(m, transfer);
  };
  pw.worker.ref();
  post({ t: "start", id, key, contentType: payload.contentType, maxLineBytes: payload.maxLineBytes, opts });

  let stopped = false;
  let bodyError: unknown = null;
  const finished = () => stopped || s.done || s.error !== null;
  const sender = (async () => {
    const bytes = payload.bytes()[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (s.inFlight >= MAX_BYTES_IN_FLIGHT && !finished())
          await new Promise<void>((r) => {
            s.wakeSender = r;
          });
        if (finished()) return;
        const n = await bytes.next();
        if (finished()) return;
        if (n.done) {
          post({ t: "end", id });
          return;
        }
        // Copied into a buffer of its own: the chunk may share memory with others, and this one is moved.
        const buf = new Uint8Array(n.value.byteLength);
        buf.set(n.value);
        s.inFlight += buf.byteLength;
        post({ t: "bytes", id, buf: buf.buffer }, [buf.buffer]);
      }
    } catch (e) {
      bodyError = e;
      post({ t: "fail", id });
    } finally {
      await bytes.return?.(undefined).catch(() => {});
    }
  })();

  // Whole messages of items: one await per message, not per record.
  async function* items(): AsyncGenerator<ParseItem<unknown>[]> {
    try {
      for (;;) {
        const batch = s.batches.shift();
        if (batch) {
          post({ t: "credit", id });
          yield batch;
          continue;
        }
        if (s.error) throw errorOf(s.error, bodyError, payload);
        if (s.done) {
          // The parser ended before the body did (its records were complete): a body error still counts.
          await sender;
          if (bodyError) throw bodyError;
          return;
        }
        await new Promise<void>((r) => {
          s.wake = r;
        });
      }
    } finally {
      if (!s.done && !s.error) post({ t: "stop", id });
      stopped = true;
      pw.sessions.delete(id);
      wakeAll(s);
      await sender;
      if (!pw.sessions.size && !pw.dead) pw.worker.unref();
    }
  }
  return items();
}

function errorOf(e: WireError, bodyError: unknown, payload: Payload): unknown {
  if (e.fromBody && bodyError) return bodyError;
  if (e.appError) {
    const err = new AppError(e.appError.code as ErrorCode, e.message, e.appError.details);
    // A limit the worker's reader hit (a line too long) ends the body here too: nothing more is read.
    if (err.code === "payload_too_large") payload.limitReached(err);
    return err;
  }
  return new Error(e.message);
}
