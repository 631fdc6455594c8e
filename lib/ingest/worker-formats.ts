// The formats the parse worker (lib/ingest/parse-worker.ts) can run, by `${kind}:${format}`: line formats
// whose per-record parsing is worth a thread. Each domain adds its own here, as in lib/ingest/formats.ts;
// its handler sets `worker: true` (lib/ingest/types.ts) so the batch writer sends it here.
import { policyWorkerFormats } from "@/lib/policy/worker-formats";
import type { ParseItem, ParseOptions, PayloadSource } from "./types";

export interface WorkerFormat {
  /** The format's parser, the same function the handler's parse() runs in the request thread. */
  parse(input: PayloadSource, opts: ParseOptions): AsyncIterable<ParseItem<unknown>>;
  /** What the worker adds to a checked record before it is sent (work the store would do otherwise). */
  prepare(record: unknown): unknown;
}

export const workerFormats: Record<string, WorkerFormat> = { ...policyWorkerFormats };
