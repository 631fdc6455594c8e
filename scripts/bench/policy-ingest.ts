// Benchmark: N OPA decision lines (NDJSON) ingested through the HTTP API of a running server,
// versus COPY of the same rows into an identical table (same columns, partitioning, keys, indexes and
// foreign keys). Prints throughput of both, the ratio app/COPY (target ≥ 0.5) and the server's peak RSS.
//
//   POSTURE_BENCH_URL=http://localhost:3102 DATABASE_URL=postgresql://… \
//     npx tsx --conditions=react-server scripts/bench/policy-ingest.ts [N]
//
// Without a URL the lines go through ingest() in this process instead (the result names say which).
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { opaLine, ROUTES, rng, uuidFrom } from "@/lib/policy/generate";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  ratio?: number;
}

export interface PolicyBenchOptions {
  /** Decision lines to generate (default 1,000,000). */
  n?: number;
  /** Base URL of a running Posture server; default POSTURE_BENCH_URL. Absent: ingest() in-process. */
  url?: string;
  /** Bearer token with the ingest scope; default POSTURE_BENCH_TOKEN, else one is created for the first admin. */
  token?: string;
  /** The server's database (for the COPY baseline and the token); default DATABASE_URL. */
  databaseUrl?: string;
  /** PID of the process serving the routes (default: found from the URL's port with `ss`). */
  serverPid?: number;
  /** Lines per request (collectors send chunks; the default stays under the 512 MiB body limit). */
  linesPerRequest?: number;
  log?: (line: string) => void;
}

const DAY = 86_400_000;

async function generate(file: string, n: number, seed: number): Promise<void> {
  const r = rng(seed);
  const to = Date.now() - 60_000;
  const from = to - 2 * DAY;
  async function* lines() {
    let buf = "";
    for (let i = 0; i < n; i++) {
      const route = ROUTES[i % ROUTES.length];
      const path = route.paths[i % route.paths.length];
      const t = new Date(from + Math.floor((i / n) * (to - from)));
      buf += `${opaLine(uuidFrom(r), t, route, path, r() > route.denyRate, route.reasons[0], i)}\n`;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
}

async function* fileParts(file: string, perPart: number): AsyncGenerator<string[]> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let part: string[] = [];
  for await (const line of rl) {
    part.push(line);
    if (part.length >= perPart) {
      yield part;
      part = [];
    }
  }
  if (part.length) yield part;
}

function pidOfPort(url: string): number | null {
  try {
    const port = new URL(url).port || "80";
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function ensureToken(client: pg.Client): Promise<string> {
  const { createToken } = await import("@/lib/auth/tokens");
  const { sqlOfPg } = await import("@/lib/db/sql");
  const admin = await client.query<{ id: string }>(
    `SELECT id FROM "user" WHERE role = 'admin' ORDER BY "createdAt" LIMIT 1`,
  );
  if (!admin.rows[0]) throw new Error("no admin user: start the server once (npm start) or pass a token");
  await client.query("BEGIN");
  const t = await createToken(
    sqlOfPg(client),
    { type: "system", id: null, label: "bench" },
    {
      userId: admin.rows[0].id,
      name: "bench policy ingest",
      scopes: ["ingest"],
      expiresInMs: DAY,
    },
  );
  await client.query("COMMIT");
  return t.token;
}

export async function benchPolicyIngest(opts: PolicyBenchOptions = {}): Promise<BenchResult[]> {
  const n = opts.n ?? 1_000_000;
  const log = opts.log ?? ((l: string) => console.error(l));
  const url = opts.url ?? process.env.POSTURE_BENCH_URL;
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error(
      "benchPolicyIngest: DATABASE_URL (the server's database) is required for the COPY baseline",
    );
  const perPart = opts.linesPerRequest ?? 200_000;
  const dir = mkdtempSync(path.join(tmpdir(), "posture-bench-policy-"));
  const file = path.join(dir, "opa.jsonl");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    log(`policy-ingest: generating ${n.toLocaleString("en")} OPA decision lines…`);
    await generate(file, n, Date.now() & 0x7fffffff);

    // 1. Through the app.
    let appSeconds: number;
    let peak: number | null = null;
    const batchIds: string[] = [];
    const mode = url ? "http" : "in-process";
    if (url) {
      const token = opts.token ?? process.env.POSTURE_BENCH_TOKEN ?? (await ensureToken(client));
      const pid = opts.serverPid ?? pidOfPort(url);
      if (!pid) log("policy-ingest: server PID not found (ss); peak memory will not be reported");
      const sampler = pid
        ? setInterval(() => {
            const m = rssMiB(pid);
            if (m !== null && (peak === null || m > peak)) peak = m;
          }, 100)
        : null;
      const t0 = performance.now();
      for await (const part of fileParts(file, perPart)) {
        const res = await fetch(`${url.replace(/\/$/, "")}/api/v1/ingest/policy?format=opa`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
          body: `${part.join("\n")}\n`,
        });
        const body = (await res.json()) as {
          batchId?: string;
          accepted?: number;
          rejectedCount?: number;
          error?: unknown;
        };
        if (!res.ok || body.accepted !== part.length)
          throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        if (body.batchId) batchIds.push(body.batchId);
      }
      appSeconds = (performance.now() - t0) / 1000;
      if (sampler) clearInterval(sampler);
    } else {
      process.env.DATABASE_URL = databaseUrl;
      const { ingest } = await import("@/lib/ingest/batch");
      const { payloadFromBuffer } = await import("@/lib/ingest/payload");
      const base = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        const m = process.memoryUsage().rss / 1048576;
        if (peak === null || m > peak) peak = m;
      }, 100);
      const t0 = performance.now();
      for await (const part of fileParts(file, perPart)) {
        const r = await ingest({
          kind: "policy",
          format: "opa",
          cluster: null,
          payload: payloadFromBuffer(`${part.join("\n")}\n`),
          actor: { type: "system", id: null, label: "bench" },
        });
        if (r.accepted !== part.length) throw new Error(`ingest accepted ${r.accepted} of ${part.length}`);
        batchIds.push(r.batchId);
      }
      appSeconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      log(`policy-ingest: in-process baseline RSS ${(base / 1048576).toFixed(0)} MiB`);
    }
    log(`policy-ingest: app (${mode}) ${n} decisions in ${appSeconds.toFixed(1)} s`);

    // 2. The same rows as COPY text, into an identical table (not timed: conversion).
    const { opaDecision } = await import("@/lib/policy/parsers/opa");
    const { copyField } = await import("@/lib/policy/copy-format");
    const clusters = new Map(
      (await client.query<{ id: string; name: string }>(`SELECT id, name FROM cluster`)).rows.map((r) => [
        r.name,
        r.id,
      ]),
    );
    const tsv = path.join(dir, "rows.tsv");
    const months = new Set<string>();
    async function* rows() {
      let buf = "";
      for await (const part of fileParts(file, 50_000)) {
        for (const line of part) {
          const d = opaDecision(JSON.parse(line), line);
          if (typeof d === "string") throw new Error(d);
          months.add(d.time.toISOString().slice(0, 7));
          const row = [
            d.engine,
            d.decisionId,
            d.time.toISOString(),
            clusters.get(d.cluster ?? "") ?? null,
            d.policy,
            d.rule,
            d.subject,
            d.target,
            d.action,
            d.result,
            d.reason,
            d.severity,
            JSON.stringify(d.details),
            batchIds[0],
          ];
          buf += `${row.map(copyField).join("\t")}\n`;
        }
        yield buf;
        buf = "";
      }
    }
    await pipeline(Readable.from(rows()), createWriteStream(tsv));
    await client.query(`DROP TABLE IF EXISTS bench_policy_decision`);
    await client.query(
      `CREATE TABLE bench_policy_decision (LIKE policy_decision INCLUDING ALL) PARTITION BY RANGE ("time")`,
    );
    await client.query(`ALTER TABLE bench_policy_decision ADD FOREIGN KEY ("clusterId") REFERENCES cluster(id) ON DELETE CASCADE,
      ADD FOREIGN KEY ("batchId") REFERENCES ingest_batch(id) ON DELETE CASCADE`);
    for (const m of months) {
      const [y, mo] = m.split("-").map(Number);
      const a = new Date(Date.UTC(y, mo - 1, 1)).toISOString();
      const b = new Date(Date.UTC(y, mo, 1)).toISOString();
      await client.query(
        `CREATE TABLE bench_policy_decision_${y}_${mo} PARTITION OF bench_policy_decision FOR VALUES FROM ('${a}') TO ('${b}')`,
      );
    }
    const t1 = performance.now();
    await client.query("BEGIN");
    await pipeline(
      createReadStream(tsv),
      client.query(
        copyFrom(
          `COPY bench_policy_decision ("engine", "decisionId", "time", "clusterId", "policy", "rule", "subject", "target", "action", "result", "reason", "severity", "details", "batchId") FROM STDIN`,
        ),
      ),
    );
    await client.query("COMMIT");
    const copySeconds = (performance.now() - t1) / 1000;
    log(`policy-ingest: COPY ${n} rows in ${copySeconds.toFixed(1)} s`);

    const app = n / appSeconds;
    const copy = n / copySeconds;
    const results: BenchResult[] = [
      { name: `policy.ingest.app_${mode}_throughput`, value: Math.round(app), unit: "decisions/s" },
      { name: "policy.ingest.copy_throughput", value: Math.round(copy), unit: "rows/s" },
      {
        name: "policy.ingest.app_vs_copy",
        value: Math.round((app / copy) * 1000) / 1000,
        unit: "ratio",
        ratio: app / copy,
      },
    ];
    if (peak !== null)
      results.push({
        name: `policy.ingest.${mode === "http" ? "server" : "process"}_peak_rss`,
        value: Math.round(peak),
        unit: "MiB",
      });
    return results;
  } finally {
    await client.query(`DROP TABLE IF EXISTS bench_policy_decision`).catch(() => {});
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: print one line per figure.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const n = Number(process.argv[2] ?? 1_000_000);
  benchPolicyIngest({ n })
    .then((rs) => {
      for (const r of rs)
        console.log(
          `${r.name} ${r.value} ${r.unit}${r.ratio !== undefined ? ` ratio=${r.ratio.toFixed(3)}` : ""}`,
        );
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
