// A minimal Kubernetes API client for the agent: GET (JSON) and watch streams over HTTPS, with the
// ServiceAccount's bearer token and CA. The token file is read again for every request, because a
// projected ServiceAccount token is rotated by the kubelet while the pod runs.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";

/** The API server answered with an error status (its `Status` object's reason and message, if any). */
export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** One event of a watch stream, as the API server writes it (one JSON object per line). */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: KubeObject;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  [k: string]: unknown;
}

export interface KubeClientOptions {
  url: string;
  ca?: string;
  tokenFile: string;
  /** No byte for this long on a watch stream (not even a bookmark) → the stream is abandoned. */
  idleTimeoutMs?: number;
}

export class KubeClient {
  private readonly ca: Buffer | undefined;
  private readonly agent: Agent;

  constructor(private readonly o: KubeClientOptions) {
    this.ca = o.ca ? readFileSync(o.ca) : undefined;
    this.agent = new Agent({ keepAlive: true, ca: this.ca });
  }

  close() {
    this.agent.destroy();
  }

  private open(path: string, signal?: AbortSignal) {
    const token = readFileSync(this.o.tokenFile, "utf8").trim();
    const url = new URL(path, this.o.url);
    return new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
      const req = request(url, {
        agent: this.agent,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", "user-agent": USER_AGENT },
        signal,
      });
      req.on("response", resolve);
      req.on("error", reject);
      req.end();
    });
  }

  /** GET → parsed JSON; an error status becomes a KubeError (404 → null when `missingOk`). */
  async get<T>(path: string, missingOk = false): Promise<T | null> {
    const res = await this.open(path, AbortSignal.timeout(30_000));
    const body = await readAll(res);
    if (res.statusCode === 404 && missingOk) return null;
    if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, body, `GET ${pathOnly(path)}`);
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new KubeError(res.statusCode, null, `GET ${pathOnly(path)}: the answer is not JSON`);
    }
  }

  /**
   * Opens a watch and yields its events until the server ends the stream (its timeoutSeconds), the signal
   * aborts, or nothing arrives for the idle timeout. An error status at the start is a KubeError.
   */
  async *watch(path: string, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const res = await this.open(path, signal);
    if (res.statusCode !== 200)
      throw statusError(res.statusCode ?? 0, await readAll(res), `WATCH ${pathOnly(path)}`);
    res.setEncoding("utf8");
    const idleMs = this.o.idleTimeoutMs ?? 0;
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      if (!idleMs) return;
      clearTimeout(idle);
      idle = setTimeout(() => res.destroy(new Error("watch stream idle")), idleMs);
    };
    arm();
    let rest = "";
    try {
      for await (const chunk of res as AsyncIterable<string>) {
        arm();
        rest += chunk;
        let nl = rest.indexOf("\n");
        while (nl >= 0) {
          const line = rest.slice(0, nl).trim();
          rest = rest.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent;
          nl = rest.indexOf("\n");
        }
      }
      if (rest.trim()) yield JSON.parse(rest) as WatchEvent;
    } finally {
      clearTimeout(idle);
      res.destroy();
    }
  }
}

// How the API server's audit log names the agent's requests.
const USER_AGENT = "posture-agent";

const pathOnly = (p: string) => p.replace(/\?.*$/, "");

function readAll(res: import("node:http").IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on("data", (b: Buffer) => parts.push(b));
    res.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    res.on("error", reject);
  });
}

/** The status and the API server's own `Status.reason` (Expired, Forbidden…); its message is not echoed. */
function statusError(status: number, body: string, what: string): KubeError {
  let reason: string | null = null;
  try {
    const s = JSON.parse(body) as { reason?: unknown };
    if (typeof s.reason === "string") reason = s.reason;
  } catch {
    // not a Status object
  }
  return new KubeError(status, reason, `${what}: HTTP ${status}${reason ? ` ${reason}` : ""}`);
}
