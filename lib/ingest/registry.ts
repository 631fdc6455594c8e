import { AppError } from "@/lib/errors";
import type { FormatHandler, IngestKind } from "./types";

const handlers = new Map<string, FormatHandler>();

export function registerFormat<R>(h: FormatHandler<R>): FormatHandler<R> {
  handlers.set(`${h.kind}:${h.format}`, h as FormatHandler);
  return h;
}

export function formatsOf(kind: IngestKind): FormatHandler[] {
  return [...handlers.values()].filter((h) => h.kind === kind);
}

/** ?format= when given, else the first registered format whose sniff() recognises the payload. */
export function chooseFormat(kind: IngestKind, format: string | null, head: string, contentType: string | null): FormatHandler {
  const available = formatsOf(kind);
  if (format) {
    const h = handlers.get(`${kind}:${format}`);
    if (!h) {
      throw new AppError(
        "bad_request",
        `Unknown format "${format}" for ${kind}; supported: ${available.map((a) => a.format).join(", ") || "none yet"}`,
      );
    }
    return h;
  }
  const found = available.find((h) => h.sniff?.(head, contentType));
  if (!found) {
    throw new AppError(
      "bad_request",
      `Could not detect the format of this ${kind} payload; pass ?format= (one of: ${available.map((a) => a.format).join(", ") || "none yet"})`,
    );
  }
  return found;
}
