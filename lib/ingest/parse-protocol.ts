// The messages between the request thread and the parse worker (lib/ingest/parse-in-worker.ts and
// lib/ingest/parse-worker.ts). One worker serves every request; each request is a session with its own id.
import type { ParseItem, ParseOptions } from "./types";

/** Items per message from the worker (a message costs a structured clone and an event-loop turn). */
export const ITEMS_PER_MESSAGE = 1000;
/** Messages of items the worker may have sent and not seen consumed: it parses this far ahead. */
export const MAX_UNCONSUMED_MESSAGES = 10;
/** Body bytes the request thread may have handed over and the worker not yet read. */
export const MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;

export type ToWorker =
  | {
      t: "start";
      id: number;
      /** `${kind}:${format}` of a format the worker knows (lib/ingest/worker-formats.ts). */
      key: string;
      contentType: string | null;
      maxLineBytes: number;
      opts: ParseOptions;
    }
  /** Decoded body bytes, in order (the buffer is transferred, not copied). */
  | { t: "bytes"; id: number; buf: ArrayBuffer }
  | { t: "end"; id: number }
  /** Reading the body failed in the request thread: the worker's reader fails at this point too. */
  | { t: "fail"; id: number }
  /** One message of items was consumed. */
  | { t: "credit"; id: number }
  /** The consumer is gone (the batch failed or was abandoned): stop and forget the session. */
  | { t: "stop"; id: number };

export interface WireError {
  /** The request thread's own error (a body limit): it rethrows the error it kept. */
  fromBody?: boolean;
  appError?: { code: string; details?: unknown };
  message: string;
}

export type FromWorker =
  | { t: "ready" }
  | { t: "items"; id: number; items: ParseItem<unknown>[] }
  /** The worker has read `n` bytes: the request thread may send more. */
  | { t: "took"; id: number; n: number }
  | { t: "done"; id: number }
  | { t: "error"; id: number; error: WireError };
