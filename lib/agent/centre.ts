// The agent's side of the central Posture: the ingest endpoints every sender uses and the agent heartbeat,
// with the ingest token read from its file for every request (a rotated Secret is picked up).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** What a request to the centre came to. */
export type Outcome =
  | { ok: true; status: number; body: unknown }
  /** Worth trying again later: unreachable, 5xx, 429, 408, or the token refused (it may be rotated). */
  | { ok: false; retry: true; error: string }
  /** The centre read the request and refused it: sending it again changes nothing. */
  | { ok: false; retry: false; status: number; error: string };

const RETRY_STATUSES = new Set([401, 403, 408, 425, 429]);
const GZIP_ABOVE = 64 * 1024;

export class Centre {
  constructor(
    private readonly base: string,
    private readonly tokenFile: string,
    private readonly timeoutMs = 60_000,
  ) {}

  ingest(kind: "certificates" | "policy", format: string, body: string): Promise<Outcome> {
    return this.post(`/api/v1/ingest/${kind}?format=${encodeURIComponent(format)}`, body);
  }

  /** Small, and read as plain JSON by the centre: never compressed. */
  heartbeat(body: unknown): Promise<Outcome> {
    return this.post("/api/v1/agents/heartbeat", JSON.stringify(body), false);
  }

  private async post(path: string, text: string, compress = true): Promise<Outcome> {
    let token: string;
    try {
      token = readFileSync(this.tokenFile, "utf8").trim();
    } catch (e) {
      return { ok: false, retry: true, error: `cannot read the token file: ${(e as Error).message}` };
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "user-agent": "posture-agent",
    };
    let body: BodyInit = text;
    if (compress && text.length > GZIP_ABOVE) {
      body = new Uint8Array(gzipSync(text));
      headers["content-encoding"] = "gzip";
    }
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { ok: false, retry: true, error: `${path.split("?")[0]}: ${cause ?? (e as Error).message}` };
    }
    const answer = (await res.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    if (res.ok) return { ok: true, status: res.status, body: answer };
    const error = `${path.split("?")[0]}: HTTP ${res.status}${answer?.error?.message ? ` ${answer.error.message}` : ""}`;
    if (res.status >= 500 || RETRY_STATUSES.has(res.status)) return { ok: false, retry: true, error };
    return { ok: false, retry: false, status: res.status, error };
  }
}
