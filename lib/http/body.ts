import type { z } from "zod";
import { env } from "@/lib/config/env";
import { AppError, badRequest } from "@/lib/errors";
import { findBadText } from "./input";

/** Reads a request body as text, refusing it with 413 as soon as it passes maxBytes. */
export async function readText(req: Request, maxBytes = env().POSTURE_JSON_MAX_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError("payload_too_large", `Body is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", `Body is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** Reads and validates a JSON body; every failure is a 4xx that says what and where. */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes?: number,
): Promise<z.infer<S>> {
  const ct = req.headers.get("content-type") ?? "";
  if (ct && !/^application\/(.+\+)?json\b/i.test(ct)) {
    throw new AppError(
      "unsupported_media_type",
      `Expected a JSON body (Content-Type: application/json), got "${ct}"`,
    );
  }
  const text = await readText(req, maxBytes);
  if (!text.trim()) throw badRequest("The request body is empty; expected JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
  }
  const bad = findBadText(value);
  if (bad)
    throw badRequest(`Invalid input: ${bad.path}: ${bad.problem}`, [
      { path: bad.path, message: bad.problem },
    ]);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

export function zodToAppError(error: z.ZodError): AppError {
  const details = error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return badRequest(`Invalid input: ${summary}`, details);
}
