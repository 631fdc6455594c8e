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
}

const HEAD_BYTES = 4096;

/**
 * Wraps a body stream: counts and hashes the bytes as received, refuses more than maxBytes (413),
 * gunzips when the body is gzip (by Content-Encoding or magic bytes; decompressed size is limited too)
 * and maps broken gzip to a 400. Nothing is buffered beyond what the consumer asks for.
 */
export function payloadFrom(
  raw: AsyncIterable<Uint8Array>,
  opts: { contentType: string | null; contentEncoding?: string | null; maxBytes: number },
): Payload {
  const hash = createHash("sha256");
  let rawCount = 0;
  let finalHash: string | null = null;

  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of raw) {
      rawCount += chunk.byteLength;
      if (rawCount > opts.maxBytes) {
        throw new AppError("payload_too_large", `Body is larger than the limit of ${opts.maxBytes} bytes`);
      }
      hash.update(chunk);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }

  async function* decoded(): AsyncGenerator<Buffer> {
    const it = counted()[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    const gz =
      /gzip/i.test(opts.contentEncoding ?? "") || (first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b);
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
    let out = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        out += chunk.length;
        if (out > opts.maxBytes) {
          throw new AppError("payload_too_large", `Decompressed body is larger than the limit of ${opts.maxBytes} bytes`);
        }
        yield chunk;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      const msg = (e as Error).message;
      throw new AppError(
        "bad_request",
        /unexpected end/i.test(msg) ? "The gzip body is truncated (unexpected end of stream)" : `The body is not valid gzip: ${msg}`,
      );
    } finally {
      source.destroy();
    }
  }

  const iter = decoded()[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  let ended = false;
  let consumed = false;

  async function nextChunk(): Promise<Buffer | null> {
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
      for (let c = await nextChunk(); c; c = await nextChunk()) parts.push(c);
      return new TextDecoder().decode(Buffer.concat(parts));
    },
    async *lines() {
      claim();
      const dec = new TextDecoder();
      let buf = "";
      let line = 0;
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        buf += dec.decode(c, { stream: true });
        let nl = buf.indexOf("\n");
        while (nl >= 0) {
          line++;
          yield { line, text: buf.slice(0, nl).replace(/\r$/, "") };
          buf = buf.slice(nl + 1);
          nl = buf.indexOf("\n");
        }
      }
      buf += dec.decode();
      if (buf.length) yield { line: line + 1, text: buf.replace(/\r$/, "") };
    },
    async drain() {
      for (let c = await nextChunk(); c; c = await nextChunk()) {
        /* read to the end for the hash */
      }
    },
    sha256() {
      finalHash ??= hash.digest("hex");
      return finalHash;
    },
    rawBytes: () => rawCount,
  };
  return self;
}

/** A payload from an in-memory body (demo seeders, pull connectors, tests). */
export function payloadFromBuffer(body: string | Uint8Array, contentType: string | null = null, maxBytes = 1 << 30): Payload {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  async function* one() {
    if (buf.length) yield new Uint8Array(buf);
  }
  return payloadFrom(one(), { contentType, maxBytes });
}
