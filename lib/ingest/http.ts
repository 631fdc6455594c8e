import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { actorOf, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { ingest } from "./batch";
import { ingestLimits } from "./limits";
import { payloadFrom } from "./payload";
import { checkIngestRate } from "./rate-limit";
import { INGEST_KINDS, type IngestKind } from "./types";

export function parseKind(kind: string): IngestKind {
  if (!(INGEST_KINDS as readonly string[]).includes(kind)) {
    throw new AppError("not_found", `Unknown ingest kind "${kind}"; use one of ${INGEST_KINDS.join(", ")}`);
  }
  return kind as IngestKind;
}

/** Streams an HTTP request body into the batch writer: ?format=, ?cluster=, Idempotency-Key, gzip. */
export async function ingestFromRequest(
  kind: IngestKind,
  req: Request,
  principal: Principal,
  overrides: { format?: string } = {},
) {
  await checkIngestRate(principal.tokenId ?? `user:${principal.userId}`);
  const url = new URL(req.url);
  const limits = ingestLimits();
  const maxBytes = limits.maxBytes;
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError(
      "payload_too_large",
      `Body is ${declared} bytes; the ingest limit is ${maxBytes} bytes`,
    );
  }
  const body = req.body
    ? Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>)
    : Readable.from([]);
  const payload = payloadFrom(body, {
    contentType: req.headers.get("content-type"),
    contentEncoding: req.headers.get("content-encoding"),
    ...limits,
  });
  const result = await ingest({
    kind,
    format: overrides.format ?? url.searchParams.get("format"),
    cluster: url.searchParams.get("cluster"),
    defaultCluster: principal.defaultCluster ?? null,
    payload,
    actor: actorOf(principal),
    idempotencyKey: req.headers.get("idempotency-key"),
  });
  return Response.json(result, { status: result.status === "duplicate" ? 200 : 201 });
}
