// Small pure helpers shared by the policy parsers: safe field access, timestamps, hashing,
// and streaming readers for NDJSON and for one big JSON array (OPA's upload format).
import { createHash } from "node:crypto";
import { AppError, badRequest } from "@/lib/errors";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});

/** A non-empty trimmed string, or null (Istio's "unknown"/"-" sentinels and empty strings are unset). */
export function str(v: unknown, max = 500): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (!s || s === "-" || s === "unknown" || s === "<NA>") return null;
  return s.length > max ? s.slice(0, max) : s;
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** RFC 3339 text, epoch seconds (Gatekeeper `ts`), or protobuf {seconds, nanos} (PolicyReport). */
export function parseTime(v: unknown): Date | null {
  if (typeof v === "string") {
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return null;
    return d;
  }
  if (typeof v === "number" && Number.isFinite(v) && v > 0) {
    const d = new Date(v * 1000);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (isObj(v) && v.seconds !== undefined) {
    const s = Number(v.seconds);
    const n = Number(v.nanos ?? 0);
    if (!Number.isFinite(s) || s <= 0 || !Number.isFinite(n)) return null;
    const d = new Date(s * 1000 + Math.floor(n / 1e6));
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Truncates text to a database-friendly length without splitting a surrogate pair. */
export function clip(s: string | null, max = 1000): string | null {
  if (s === null) return null;
  return s.length <= max
    ? s
    : Array.from(s.slice(0, max + 1))
        .slice(0, max)
        .join("");
}

export type Parsed = { line: number; value: unknown; text: string } | { line: number; error: string };

/** NDJSON: one value per line; blank lines are skipped; each bad line is reported by number. */
export async function* ndjson(lines: AsyncIterable<{ line: number; text: string }>): AsyncGenerator<Parsed> {
  for await (const { line, text } of lines) {
    const t = text.trim();
    if (!t) continue;
    try {
      yield { line, value: JSON.parse(t), text: t };
    } catch (e) {
      yield { line, error: `not JSON: ${(e as Error).message.slice(0, 120)}` };
    }
  }
}

/**
 * Splits one top-level JSON array into its elements while the body streams in, so an upload of many
 * decisions is never parsed as a single value. Works on bytes (every structural character of JSON is
 * ASCII, so UTF-8 multi-byte characters never look like one) and looks at each byte once: string contents
 * are skipped with indexOf, and an element split across chunks is kept as pieces and joined once. OPA
 * uploads the whole array as one line, so the limit that applies is per element, not per line.
 * Throws bad_request when the body is not an array or the array is not closed (a truncated upload is
 * unparseable as a whole), and payload_too_large when one element is longer than maxElementBytes.
 */
export async function* jsonArrayElements(
  chunks: AsyncIterable<Uint8Array>,
  maxElementBytes = 16 * 1024 * 1024,
): AsyncGenerator<{ index: number; line: number; text: string }> {
  let started = false;
  let ended = false;
  let inElem = false;
  let inStr = false;
  let esc = false;
  let depth = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let line = 1;
  let elemLine = 0;
  let index = 0;
  const tooLong = () =>
    new AppError(
      "payload_too_large",
      `element ${index} (line ${elemLine}) of the JSON array is longer than the limit of ${maxElementBytes} bytes for one record`,
    );
  for await (const chunk of chunks) {
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = c.length;
    let seg = inElem ? 0 : -1;
    let i = 0;
    while (i < n) {
      if (inStr) {
        if (esc) {
          esc = false;
          i++;
          continue;
        }
        const q = c.indexOf(34, i);
        const bs = c.indexOf(92, i);
        if (bs >= 0 && (q < 0 || bs < q)) {
          esc = true;
          i = bs + 1;
        } else if (q >= 0) {
          inStr = false;
          i = q + 1;
        } else {
          i = n;
        }
        continue;
      }
      const b = c[i];
      const ws = b === 32 || b === 10 || b === 13 || b === 9;
      if (b === 10) line++;
      if (!started) {
        if (!ws) {
          if (b !== 91) throw badRequest(`line ${line}: expected a JSON array of decisions`);
          started = true;
        }
        i++;
        continue;
      }
      if (ended) {
        if (!ws) throw badRequest(`line ${line}: unexpected content after the end of the JSON array`);
        i++;
        continue;
      }
      if (depth === 0 && (b === 44 || b === 93)) {
        if (inElem) {
          const size = partBytes + (i - seg);
          if (size > maxElementBytes) throw tooLong();
          let text: string;
          if (partBytes) {
            parts.push(c.subarray(seg, i));
            text = Buffer.concat(parts, size).toString("utf8").trim();
            parts = [];
            partBytes = 0;
          } else {
            text = c.toString("utf8", seg, i).trim();
          }
          yield { index, line: elemLine, text };
          inElem = false;
          index++;
        } else if (b === 44) {
          throw badRequest(`line ${line}: empty element in the JSON array`);
        }
        seg = -1;
        if (b === 93) ended = true;
        i++;
        continue;
      }
      if (!inElem) {
        if (ws) {
          i++;
          continue;
        }
        inElem = true;
        elemLine = line;
        seg = i;
      }
      if (b === 34) inStr = true;
      else if (b === 123 || b === 91) depth++;
      else if (b === 125 || b === 93) depth--;
      if (depth < 0) throw badRequest(`line ${line}: unbalanced brackets in the JSON array`);
      i++;
    }
    if (inElem) {
      const from = Math.max(seg, 0);
      partBytes += n - from;
      if (partBytes > maxElementBytes) throw tooLong();
      // Copied: the chunk's memory may be reused by the stream that produced it.
      parts.push(Buffer.from(c.subarray(from)));
    }
  }
  if (!started) throw badRequest("The body holds no JSON array");
  if (!ended) throw badRequest("The JSON array is not closed (truncated body?)");
}

/** The envelope {cluster, collectedAt, source, payload} our collectors wrap kubectl output in. */
export interface Enveloped {
  cluster: string | null;
  collectedAt: Date | null;
  payload: unknown;
}

export function isEnvelope(v: unknown): v is Obj {
  return isObj(v) && "payload" in v && ("cluster" in v || "collectedAt" in v || "source" in v);
}

/** A document body: one envelope, an array of envelopes, or the raw payload (cluster from ?cluster=). */
export function envelopes(doc: unknown): Enveloped[] {
  const one = (v: unknown): Enveloped =>
    isEnvelope(v)
      ? { cluster: str(v.cluster, 63), collectedAt: parseTime(v.collectedAt), payload: v.payload }
      : { cluster: null, collectedAt: null, payload: v };
  if (Array.isArray(doc) && doc.length > 0 && doc.every(isEnvelope)) return doc.map(one);
  return [one(doc)];
}

/** The items of a kubectl List, a bare array, or a single object. */
export function itemsOf(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (isObj(payload) && Array.isArray(payload.items)) return payload.items;
  return [payload];
}

/** Parses a whole JSON document read from the body; unparseable → 400 (nothing is stored). */
export function parseDocument(text: string, what: string): unknown {
  const t = text.replace(/^\uFEFF/, "").trim();
  if (!t) throw badRequest("The body is empty");
  try {
    return JSON.parse(t);
  } catch (e) {
    throw badRequest(`The body is not a JSON ${what} document: ${(e as Error).message.slice(0, 160)}`);
  }
}

/**
 * Runs `src` ahead of its consumer, up to `max` items, so parsing continues while the batch writer
 * waits for the database (the ingest loop itself is sequential). Errors reach the consumer in order,
 * after the items produced before them.
 */
export async function* readAhead<T>(src: AsyncIterable<T>, max = 10_000): AsyncGenerator<T> {
  const it = src[Symbol.asyncIterator]();
  let q: T[] = [];
  let head = 0;
  let done = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (w: (() => void) | null) => w?.();
  const producer = (async () => {
    try {
      while (!stopped) {
        if (q.length - head >= max) {
          await new Promise<void>((r) => {
            wakeProducer = r;
          });
          continue;
        }
        const n = await it.next();
        if (n.done) break;
        q.push(n.value);
        const w = wakeConsumer;
        wakeConsumer = null;
        wake(w);
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      const w = wakeConsumer;
      wakeConsumer = null;
      wake(w);
    }
  })();
  try {
    for (;;) {
      if (head < q.length) {
        const v = q[head++];
        if (head > 4096) {
          q = q.slice(head);
          head = 0;
        }
        if (wakeProducer && q.length - head < max / 2) {
          const w = wakeProducer;
          wakeProducer = null;
          wake(w);
        }
        yield v;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (done) return;
      await new Promise<void>((r) => {
        wakeConsumer = r;
      });
    }
  } finally {
    stopped = true;
    const w = wakeProducer;
    wakeProducer = null;
    wake(w);
    await producer;
    if (!done || failure === null) await it.return?.().catch(() => {});
  }
}
