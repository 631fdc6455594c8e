import { env } from "@/lib/config/env";
import type { PayloadLimits } from "./payload";

/**
 * The bounds on one ingest request, from the environment (read per request, so tests and operators can
 * change them without a restart of the module graph). Each ends the request with a 413 naming it.
 */
export function ingestLimits(): PayloadLimits {
  const e = env();
  return {
    maxBytes: e.POSTURE_INGEST_MAX_BYTES,
    maxDecodedBytes: e.POSTURE_INGEST_MAX_DECOMPRESSED_BYTES ?? e.POSTURE_INGEST_MAX_BYTES,
    maxLineBytes: e.POSTURE_INGEST_MAX_LINE_BYTES,
    maxDocumentBytes: e.POSTURE_INGEST_MAX_DOCUMENT_BYTES,
    maxMillis: e.POSTURE_INGEST_MAX_SECONDS * 1000,
  };
}
