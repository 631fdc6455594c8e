import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AppError } from "@/lib/errors";
import type { PayloadSource } from "./types";

export interface Payload extends PayloadSource {
  /** Reads whatever the parser left unread, so the hash and size cover the whole body. */
  drain(): Promise<void>;
  sha256(): string;
  rawBytes(): number;
  /**
   * A limit was hit where the body is parsed in another thread (lib/ingest/parse-in-worker.ts): as when it
   * is hit here, drain() then reads no further.
   */
  limitReached(e: AppError): void;
}

/** What one request may cost; every limit ends the request with a 413 that names the limit. */
export interface PayloadLimits {
  /** The body as received (compressed or not). */
  maxBytes: number;
  /** The body after gunzip (a gzip bomb stops here). Default: maxBytes. */
  maxDecodedBytes?: number;
  /** One line of a line format, or one element of a JSON array upload. */
  maxLineBytes?: number;
  /** Formats that read the body as one document (text()) hold it in memory whole. */
  maxDocumentBytes?: number;
  /** Wall-clock budget for reading and parsing the body, in milliseconds. */
  maxMillis?: number;
}

const HEAD_BYTES = 4096;
const NL = 0x0a;
/** How long the body reader may run before it lets other requests have the event loop. */
const SLICE_MS = 20;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Wraps a body stream: counts and hashes the bytes as received, refuses more than maxBytes (413),
 * gunzips when the body is gzip (by Content-Encoding or magic bytes; decompressed size is limited too)
 * and maps broken gzip to a 400. Nothing is buffered beyond what the consumer asks for, every byte is
 * looked at a bounded number of times (lines are split where they end, never by rescanning), and the
 * reader yields to the event loop every few milliseconds so one large body cannot starve other requests.
 */
export function payloadFrom(
  raw: AsyncIterable<Uint8Array>,
  opts: {
    contentType: string | null;
    contentEncoding?: string | null;
    /** The bytes are decoded already (the parse worker's copy of a body): never gunzipped nor hashed again. */
    decoded?: boolean;
  } & PayloadLimits,
): Payload {
  const maxDecoded = opts.maxDecodedBytes ?? opts.maxBytes;
  const maxLine = opts.maxLineBytes ?? Number.POSITIVE_INFINITY;
  const maxDocument = opts.maxDocumentBytes ?? maxDecoded;
  const deadline = opts.maxMillis ? Date.now() + opts.maxMillis : Number.POSITIVE_INFINITY;
  const hash = createHash("sha256");
  let rawCount = 0;
  let finalHash: string | null = null;
  /** Set once a limit was hit: the rest of the body is not worth reading (drain() stops at once). */
  let limitHit: AppError | null = null;
  /** For drain(): reads the rest of a gzip body as received, without inflating it. */
  let skipDecoding: (() => Promise<void>) | null = null;

  const tooLarge = (message: string) => {
    limitHit = new AppError("payload_too_large", message);
    return limitHit;
  };

  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of raw) {
      rawCount += chunk.byteLength;
      if (rawCount > opts.maxBytes) {
        throw tooLarge(`Body is larger than the limit of ${opts.maxBytes} bytes`);
      }
      // The parse worker's copy of a body is hashed where the body arrived.
      if (!opts.decoded) hash.update(chunk);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }

  async function* decoded(): AsyncGenerator<Buffer> {
    const it = counted()[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    const gz =
      !opts.decoded &&
      (/gzip/i.test(opts.contentEncoding ?? "") ||
        (first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b));
    async function* rest(): AsyncGenerator<Buffer> {
      yield first.value as Buffer;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value;
      }
    }
    if (!gz) {
      yield* rest();
      return;
    }
    const gunzip = createGunzip();
    const source = Readable.from(rest());
    source.on("error", (e) => gunzip.destroy(e));
    source.pipe(gunzip);
    skipDecoding = async () => {
      source.destroy();
      gunzip.destroy();
      for (;;) if ((await it.next()).done) return;
    };
    let out = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        out += chunk.length;
        if (out > maxDecoded) {
          throw tooLarge(
            `Decompressed body is larger than the limit of ${maxDecoded} bytes (${rawCount} bytes of gzip read so far)`,
          );
        }
        yield chunk;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      const msg = (e as Error).message;
      throw new AppError(
        "bad_request",
        /unexpected end/i.test(msg)
          ? "The gzip body is truncated (unexpected end of stream)"
          : `The body is not valid gzip: ${msg}`,
      );
    } finally {
      source.destroy();
      gunzip.destroy();
    }
  }

  const iter = decoded()[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  let ended = false;
  let consumed = false;
  let sliceStart = Date.now();

  function checkBudget() {
    if (Date.now() > deadline) {
      throw tooLarge(
        `Reading and parsing the body took longer than the limit of ${(opts.maxMillis ?? 0) / 1000} s; send it in smaller parts`,
      );
    }
  }

  async function nextChunk(): Promise<Buffer | null> {
    if (limitHit) throw limitHit;
    checkBudget();
    if (Date.now() - sliceStart > SLICE_MS) {
      // Chunks that are already buffered resolve as microtasks; without this, a large body would keep
      // the event loop to itself until it is parsed.
      await new Promise((r) => setImmediate(r));
      sliceStart = Date.now();
    }
    if (peeked.length) return peeked.shift() ?? null;
    if (ended) return null;
    const n = await iter.next();
    if (n.done) {
      ended = true;
      return null;
    }
    return n.value;
  }

  function claim() {
    if (consumed) throw new Error("payload already consumed");
    consumed = true;
  }

  const self: Payload = {
    contentType: opts.contentType,
    maxLineBytes: maxLine,
    async head() {
      while (peekedBytes < HEAD_BYTES && !ended) {
        const n = await iter.next();
        if (n.done) {
          ended = true;
          break;
        }
        peeked.push(n.value);
        peekedBytes += n.value.length;
      }
      return new TextDecoder().decode(Buffer.concat(peeked).subarray(0, HEAD_BYTES));
    },
    async text() {
      claim();
      const parts: Buffer[] = [];
      let size = 0;
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        size += c.length;
        if (size > maxDocument) {
          throw tooLarge(
            `This format reads the body as one document, limited to ${maxDocument} bytes; send it in smaller parts`,
          );
        }
        parts.push(c);
      }
      return new TextDecoder().decode(Buffer.concat(parts, size));
    },
    async *lines() {
      claim();
      // Bytes are split at LF before decoding: in UTF-8 the byte 0x0A never occurs inside a character.
      // A line that spans chunks is kept as a list of pieces and joined once, when it ends. Blank lines
      // are counted but not handed out (no format has records in them), so a body of nothing but
      // newlines costs a byte scan, not millions of empty records.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let line = 0;
      let first = true;
      const overLong = () =>
        tooLarge(
          `line ${line + 1} is longer than the limit of ${maxLine} bytes for one line; split the data into lines or raise POSTURE_INGEST_MAX_LINE_BYTES`,
        );
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        if (first) {
          first = false;
          if (c.length >= 3 && c.subarray(0, 3).equals(BOM)) c = c.subarray(3);
        }
        const n = c.length;
        let start = 0;
        for (;;) {
          if (!pendingBytes) {
            while (start < n && c[start] === NL) {
              line++;
              start++;
            }
          }
          const nl = c.indexOf(NL, start);
          if (nl < 0) break;
          if (pendingBytes + (nl - start) > maxLine) throw overLong();
          line++;
          if (pendingBytes) {
            pending.push(c.subarray(start, nl));
            const joined = Buffer.concat(pending, pendingBytes + (nl - start));
            pending = [];
            pendingBytes = 0;
            if (!isBlank(joined, 0, joined.length))
              yield { line, text: decodeLine(joined, 0, joined.length) };
          } else if (!isBlank(c, start, nl)) {
            yield { line, text: decodeLine(c, start, nl) };
          }
          start = nl + 1;
        }
        if (start < n) {
          pendingBytes += n - start;
          if (pendingBytes > maxLine) throw overLong();
          // Copied: the chunk's memory may be reused by the stream that produced it.
          pending.push(Buffer.from(c.subarray(start)));
        }
      }
      if (pendingBytes) {
        const joined = Buffer.concat(pending, pendingBytes);
        if (!isBlank(joined, 0, joined.length))
          yield { line: line + 1, text: decodeLine(joined, 0, joined.length) };
      }
    },
    async *bytes() {
      claim();
      let first = true;
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        if (first) {
          first = false;
          if (c.length >= 3 && c.subarray(0, 3).equals(BOM)) c = c.subarray(3);
        }
        yield c;
      }
    },
    async drain() {
      if (limitHit) return;
      // The size and hash are of the body as received: after a parser gave up (say, on an element over
      // the limit), inflating the rest of a gzip body would only cost time.
      if (skipDecoding && !ended) return skipDecoding();
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        /* read to the end for the hash */
      }
    },
    sha256() {
      finalHash ??= hash.digest("hex");
      return finalHash;
    },
    rawBytes: () => rawCount,
    limitReached(e) {
      limitHit ??= e;
    },
  };
  return self;
}

/** True when bytes [from, to) are only spaces, tabs and CRs; stops at the first other byte. */
function isBlank(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const x = b[i];
    if (x !== 0x20 && x !== 0x09 && x !== 0x0d) return false;
  }
  return true;
}

/** One line's text without its CR (CRLF line ends). */
function decodeLine(b: Buffer, from: number, to: number): string {
  const end = to > from && b[to - 1] === 0x0d ? to - 1 : to;
  return b.toString("utf8", from, end);
}

/** A payload from an in-memory body (demo seeders, pull connectors, tests). */
export function payloadFromBuffer(
  body: string | Uint8Array,
  contentType: string | null = null,
  limits: Partial<PayloadLimits> = {},
): Payload {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  async function* one() {
    // Handed over in slices so the reader can yield between them, as with a streamed body.
    for (let i = 0; i < buf.length; i += 1 << 20) yield new Uint8Array(buf.subarray(i, i + (1 << 20)));
  }
  return payloadFrom(one(), { contentType, maxBytes: 1 << 30, ...limits });
}
