// Records of a batch go to their format's store in chunks. One chunk is stored while the next is parsed,
// so the database and this process work at the same time instead of taking turns; the parser waits when a
// second chunk is ready before the first is stored (back-pressure: at most two chunks in memory). Chunks
// are stored in order, one at a time, on the batch's connection. A failed store is kept and thrown at the
// next flush or at finish (never left unhandled). Records refused while a chunk was being parsed are
// reported after the previous chunk's refusals, so the batch lists refusals in record order.
import type { RecordRef, Rejection, StoreResult } from "./types";

export interface ChunkPipeline {
  /** A promise only when the chunk is full (then await it: back-pressure), so a record costs no await. */
  add(record: unknown, ref: RecordRef): Promise<void> | undefined;
  refuse(r: Rejection): void;
  /** Stores what is left and waits for every store; throws the first store failure. */
  finish(): Promise<void>;
  /** Waits for a store in flight without throwing (before a rollback). */
  quiesce(): Promise<void>;
}

export function chunkPipeline(opts: {
  size: number;
  store: (items: { record: unknown; ref: RecordRef }[]) => Promise<StoreResult>;
  stored: (r: StoreResult) => void;
  reject: (r: Rejection) => void;
}): ChunkPipeline {
  let chunk: { record: unknown; ref: RecordRef }[] = [];
  let refused: Rejection[] = [];
  let storing: Promise<void> | null = null;
  let failed: { error: unknown } | null = null;
  const settle = async () => {
    if (storing) await storing;
    storing = null;
    if (failed) throw failed.error;
  };
  const flush = async () => {
    if (!chunk.length && !refused.length) return;
    const mine = chunk;
    const mineRefused = refused;
    chunk = [];
    refused = [];
    await settle();
    for (const r of mineRefused) opts.reject(r);
    if (!mine.length) return;
    storing = opts.store(mine).then(opts.stored, (error) => {
      failed = { error };
    });
  };
  return {
    add(record, ref) {
      chunk.push({ record, ref });
      return chunk.length >= opts.size ? flush() : undefined;
    },
    refuse(r) {
      refused.push(r);
    },
    async finish() {
      await flush();
      await settle();
    },
    async quiesce() {
      await storing;
    },
  };
}
