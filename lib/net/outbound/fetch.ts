// fetch() for connectors and notification channels, through the checks of ./resolve.ts.
import http from "node:http";
import https from "node:https";
import { asOutboundError, OutboundError } from "./errors";
import { type CheckedAddress, pinnedLookup, type Resolver, resolveChecked } from "./resolve";

export interface CheckedFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Whole request, connection to last byte. */
  timeoutMs: number;
  /** PEM CA bundle to trust instead of the system's (https only). */
  ca?: string;
  /** Largest body read (default 64 MiB). */
  maxBytes?: number;
  /** Redirects to the same scheme, host and port that are followed (default 3). */
  maxRedirects?: number;
  /** DNS resolver (tests). */
  resolve?: Resolver;
}

export interface CheckedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after same-host redirects). */
  url: URL;
  ok: boolean;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

function once(
  url: URL,
  target: CheckedAddress,
  init: CheckedFetchInit,
  method: string,
  deadline: number,
): Promise<CheckedResponse> {
  const maxBytes = init.maxBytes ?? 64 * 1024 * 1024;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      clearTimeout(timer);
      reject(asOutboundError(e));
    };
    const req = mod.request(
      url,
      {
        method,
        headers: init.headers,
        lookup: pinnedLookup(target),
        agent: false,
        ...(url.protocol === "https:" && init.ca ? { ca: init.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy(new OutboundError("too-large", `over ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          resolve({
            status,
            headers: res.headers,
            body: Buffer.concat(chunks),
            url,
            ok: status >= 200 && status < 300,
          });
        });
        res.on("error", fail);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new OutboundError("connect", "timed out")),
      Math.max(0, deadline - Date.now()),
    );
    req.on("error", fail);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/**
 * fetch() for connectors: checks the target, connects to the checked address, follows redirects only
 * within the same scheme, host and port, caps time and size. Non-2xx answers are returned (callers
 * report them with `httpError`); every failure is an OutboundError with a fixed description.
 */
export async function checkedFetch(input: string | URL, init: CheckedFetchInit): Promise<CheckedResponse> {
  let url = new URL(input);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundError("connect", "not http(s)");
  const deadline = Date.now() + init.timeoutMs;
  let method = init.method ?? "GET";
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const target = await resolveChecked(url.hostname, init.resolve);
    const res = await once(
      url,
      target,
      { ...init, body: method === "GET" ? undefined : init.body },
      method,
      deadline,
    );
    const location = res.headers.location;
    if (!REDIRECT.has(res.status) || !location) return res;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError("redirect");
    }
    if (next.origin !== origin) throw new OutboundError("redirect");
    if (hop >= (init.maxRedirects ?? 3)) throw new OutboundError("redirect", "too many redirects");
    if (res.status === 303) method = "GET";
    url = next;
  }
}
