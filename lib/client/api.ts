// The one way client components call the REST API. Every route answers errors as
// {error:{code,message,details}} (lib/http/api.ts#errorResponse); apiFetch turns that into an ApiError
// with the same code, so components branch on `code` (or show `message`) instead of parsing bodies.

import type { ErrorCode } from "@/lib/errors";
import { type ActionState, fieldErrorsOf } from "@/lib/http/form-state";

/** Codes of lib/errors.ts, plus `internal` (a 500) and `network` (no answer at all). */
export type ApiErrorCode = ErrorCode | "internal" | "network";

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ApiErrorCode, status: number, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** Errors by field name from validation details ([{path, message}]), for forms. */
  get fieldErrors(): Record<string, string> | undefined {
    return fieldErrorsOf(this.details);
  }
}

export interface ApiInit extends Omit<RequestInit, "body"> {
  /** A plain value is sent as JSON; FormData, Blob, File, strings and buffers are sent as they are. */
  body?: unknown;
  /** Appended to the URL as ?k=v (empty, null and undefined values are left out). */
  query?: Record<string, string | number | boolean | null | undefined>;
}

function isRawBody(b: unknown): b is BodyInit {
  return (
    typeof b === "string" ||
    b instanceof FormData ||
    b instanceof Blob ||
    b instanceof ArrayBuffer ||
    b instanceof URLSearchParams ||
    ArrayBuffer.isView(b)
  );
}

export function withQuery(url: string, query: ApiInit["query"]): string {
  if (!query) return url;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const qs = p.toString();
  return qs ? `${url}${url.includes("?") ? "&" : "?"}${qs}` : url;
}

/** Calls a JSON route; resolves with its body, or rejects with an ApiError carrying the route's error. */
export async function apiFetch<T = unknown>(url: string, init: ApiInit = {}): Promise<T> {
  const { body, query, headers, ...rest } = init;
  const json = body !== undefined && !isRawBody(body);
  let res: Response;
  try {
    res = await fetch(withQuery(url, query), {
      ...rest,
      headers: {
        accept: "application/json",
        ...(json ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as BodyInit),
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("network", 0, "The server could not be reached; check the connection and try again");
  }
  const parsed: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      (err?.code as ApiErrorCode | undefined) ?? (res.status >= 500 ? "internal" : "bad_request"),
      res.status,
      err?.message ?? `Request failed (HTTP ${res.status})`,
      err?.details,
    );
  }
  return parsed as T;
}

/** Any thrown value as form state: an ApiError's message and field errors, anything else's message. */
export function errorState(e: unknown): ActionState {
  if (e instanceof ApiError) return { ok: false, message: e.message, fieldErrors: e.fieldErrors };
  return { ok: false, message: e instanceof Error ? e.message : String(e) };
}
