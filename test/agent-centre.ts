// The central Posture for the agent's tests: a real HTTP server on loopback whose requests go, as real
// `Request`s, to the very route handlers Next.js serves (ingest and agent heartbeat), so the agent's HTTP
// client, gzip, status handling and the server's code path are all exercised. It can be taken down
// (connections refused) or made to answer 503, and counts the requests it saw.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { POST as heartbeatRoute } from "@/app/api/v1/agents/heartbeat/route";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";

export class CentreStandin {
  private server: Server | null = null;
  private port = 0;
  /** While set, every request is answered 503 (a centre behind its load balancer, its pods not ready). */
  unavailable = false;
  /** "POST /api/v1/ingest/policy" with the time it arrived and the status answered. */
  readonly requests: { path: string; at: number; status: number }[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        console.error("[centre stand-in]", e);
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Closes the port: the agent's connections are refused until up() again (same port). */
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }

  ingestRequests(): { path: string; at: number; status: number }[] {
    return this.requests.filter((r) => r.path.startsWith("/api/v1/ingest/"));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const parts: Buffer[] = [];
    for await (const b of req) parts.push(b as Buffer);
    const u = new URL(req.url ?? "/", "http://x");
    const note = (status: number) => this.requests.push({ path: u.pathname, at: Date.now(), status });
    if (this.unavailable) {
      note(503);
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"unavailable"}}');
      return;
    }
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(`http://localhost:3000${req.url}`, {
      method: req.method,
      headers,
      body: parts.length ? Buffer.concat(parts) : undefined,
    });
    const ingest = /^\/api\/v1\/ingest\/([a-z]+)$/.exec(u.pathname);
    let answer: Response;
    if (ingest) answer = await ingestRoute(request, { params: Promise.resolve({ kind: ingest[1] }) });
    else if (u.pathname === "/api/v1/agents/heartbeat")
      answer = await heartbeatRoute(request, { params: Promise.resolve({}) });
    else answer = new Response("{}", { status: 404 });
    note(answer.status);
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
}
