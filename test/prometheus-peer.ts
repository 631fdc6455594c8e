// A REAL Prometheus (Debian's package) for the tests that scrape or query it: started on a free loopback
// port with the configuration the test writes, in a temporary directory, stopped by PID afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

const BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";

export interface PrometheusPeer {
  url: string;
  /** An instant query; the result vector. */
  query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): void;
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Poll fn every half second until it answers something truthy (errors count as "not yet"). */
export async function until<T>(what: string, fn: () => Promise<T | null>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn().catch(() => null);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Prometheus with `config` as prometheus.yml, once it answers /-/ready. */
export async function startPrometheus(config: string): Promise<PrometheusPeer> {
  if (!existsSync(BIN)) {
    throw new Error(
      `Prometheus is not installed at ${BIN}: install it with "apt-get install -y prometheus" (or set PROMETHEUS_BIN)`,
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "posture-prom-"));
  writeFileSync(path.join(dir, "prometheus.yml"), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prom: ChildProcess = spawn(
    BIN,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: "ignore" },
  );
  const peer: PrometheusPeer = {
    url,
    async query(q) {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const j = (await r.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return j.data.result;
    },
    stop() {
      if (prom.pid) prom.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await until("Prometheus to be ready", async () => ((await fetch(`${url}/-/ready`)).ok ? true : null));
  return peer;
}
