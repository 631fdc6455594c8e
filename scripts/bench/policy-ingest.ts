// Benchmark: N OPA decisions ingested through the HTTP API of a running server, twice (console
// NDJSON lines, and the gzip JSON array OPA's decision-log plugin uploads), each versus COPY of the same rows
// into an identical table (same columns, partitioning, keys, indexes and foreign keys) holding as many rows
// as the real one did at that point. Prints throughput, the ratios app/COPY (target ≥ 0.5; the
// `policy_ingest_copy_ratio` line is the lower of the two), where the CPU went (server process, PostgreSQL
// backends), the server's peak RSS, and the hostile-body figures: a 64 MiB single-line upload versus the
// same with newlines, and the answer time to a 611 KB gzip body of one endless line.
//
//   POSTURE_BENCH_URL=http://localhost:3102 DATABASE_URL=postgresql://… \
//     npx tsx --conditions=react-server scripts/bench/policy-ingest.ts [N]
//
// Without a URL the lines go through ingest() in this process instead (the result names say which).
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
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

/** CPU seconds (user + system) a process has used, from /proc (0 when it is gone or not readable). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** The server's processes: the one listening and its whole process group (next-server, worker). */
function serverPids(pid: number): number[] {
  let pgid: string | null = null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    pgid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];
  } catch {
    return [pid];
  }
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2] === pgid) out.push(Number(d));
    } catch {}
  }
  return out.length ? out : [pid];
}

async function backendPids(client: pg.Client): Promise<number[]> {
  const r = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return r.rows.map((x) => x.pid);
}

/** CPU used by a set of processes between start() and the returned function's call. */
function cpuMeter(pids: () => Promise<number[]> | number[]) {
  let before = new Map<number, number>();
  return {
    async start() {
      before = new Map((await pids()).map((p) => [p, cpuSeconds(p)]));
    },
    async stop(): Promise<number> {
      let sum = 0;
      for (const p of new Set([...before.keys(), ...(await pids())]))
        sum += cpuSeconds(p) - (before.get(p) ?? 0);
      return sum;
    },
  };
}

async function ensureToken(client: pg.Client, databaseUrl: string): Promise<string> {
  const { createToken } = await import("@/lib/auth/tokens");
  const { withPgTransaction } = await import("@/lib/db/sql");
  const admin = await client.query<{ id: string }>(
    `SELECT id FROM "user" WHERE role = 'admin' ORDER BY "createdAt" LIMIT 1`,
  );
  if (!admin.rows[0]) throw new Error("no admin user: start the server once (npm start) or pass a token");
  // The token and its audit event in one transaction, as everywhere in the app.
  const p = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const t = await withPgTransaction(p, (_c, sql) =>
      createToken(
        sql,
        { type: "system", id: null, label: "bench" },
        { userId: admin.rows[0].id, name: "bench policy ingest", scopes: ["ingest"], expiresInMs: DAY },
      ),
    );
    return t.token;
  } finally {
    await p.end();
  }
}

/** One way in: NDJSON lines as a collector posts them, or OPA's gzip JSON array upload (one line). */
type Mode = "ndjson" | "gzip_array";

function bodyOf(
  mode: Mode,
  part: string[],
): { body: Uint8Array; headers: Record<string, string>; path: string } {
  if (mode === "ndjson")
    return {
      body: Buffer.from(`${part.join("\n")}\n`),
      headers: { "content-type": "application/x-ndjson" },
      path: "/api/v1/ingest/policy?format=opa",
    };
  return {
    body: gzipSync(`[${part.join(",")}]`, { level: 1 }),
    headers: { "content-type": "application/json", "content-encoding": "gzip" },
    path: "/api/v1/opa/logs",
  };
}

/** The decision-log events as OPA's HTTP plugin sends them: no console logger fields. */
function asUploadEvent(line: string): string {
  const e = JSON.parse(line);
  delete e.msg;
  delete e.level;
  delete e.time;
  return JSON.stringify(e);
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
  const perPart = opts.linesPerRequest ?? Number(process.env.BENCH_POLICY_LINES_PER_REQUEST ?? 200_000);
  const modes = (process.env.BENCH_POLICY_MODES ?? "ndjson,gzip_array").split(",") as Mode[];
  const dir = mkdtempSync(path.join(tmpdir(), "posture-bench-policy-"));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const results: BenchResult[] = [];
  const mode = url ? "http" : "in-process";
  try {
    const token = url
      ? (opts.token ?? process.env.POSTURE_BENCH_TOKEN ?? (await ensureToken(client, databaseUrl)))
      : "";
    const pid = url ? (opts.serverPid ?? pidOfPort(url)) : process.pid;
    if (!pid) log("policy-ingest: server PID not found (ss); memory and CPU will not be reported");
    let peak: number | null = null;
    const sampler = setInterval(() => {
      const m = pid ? rssMiB(pid) : null;
      if (m !== null && (peak === null || m > peak)) peak = m;
    }, 100);
    const appSide = cpuMeter(() => (pid && url ? serverPids(pid) : [process.pid]));
    const pgSide = cpuMeter(() => backendPids(client));
    const phases: { mode: Mode; file: string; seconds: number; batchId: string }[] = [];
    try {
      for (const [k, m] of modes.entries()) {
        const file = path.join(dir, `opa-${m}.jsonl`);
        log(`policy-ingest: generating ${n.toLocaleString("en")} OPA decisions (${m})…`);
        await generate(file, n, (Date.now() + k * 7919) & 0x7fffffff);
        const batchIds: string[] = [];
        await appSide.start();
        await pgSide.start();
        const t0 = performance.now();
        for await (const raw of fileParts(file, perPart)) {
          const part = m === "gzip_array" ? raw.map(asUploadEvent) : raw;
          const b = bodyOf(m, part);
          let accepted: number | undefined;
          if (url) {
            const res = await fetch(`${url.replace(/\/$/, "")}${b.path}`, {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, ...b.headers },
              body: b.body as unknown as BodyInit,
            });
            const body = (await res.json()) as { batchId?: string; accepted?: number };
            if (!res.ok || body.accepted !== part.length)
              throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
            accepted = body.accepted;
            if (body.batchId) batchIds.push(body.batchId);
          } else {
            process.env.DATABASE_URL = databaseUrl;
            const { ingest } = await import("@/lib/ingest/batch");
            const { payloadFrom } = await import("@/lib/ingest/payload");
            const r = await ingest({
              kind: "policy",
              format: "opa",
              cluster: null,
              payload: payloadFrom(
                (async function* () {
                  for (let i = 0; i < b.body.length; i += 65536) yield b.body.subarray(i, i + 65536);
                })(),
                {
                  contentType: b.headers["content-type"],
                  contentEncoding: b.headers["content-encoding"],
                  maxBytes: 1 << 30,
                },
              ),
              actor: { type: "system", id: null, label: "bench" },
            });
            accepted = r.accepted;
            batchIds.push(r.batchId);
          }
          if (accepted !== part.length) throw new Error(`ingest accepted ${accepted} of ${part.length}`);
        }
        const seconds = (performance.now() - t0) / 1000;
        const appCpu = await appSide.stop();
        const pgCpu = await pgSide.stop();
        phases.push({ mode: m, file, seconds, batchId: batchIds[0] });
        log(
          `policy-ingest: app (${mode}, ${m}) ${n} decisions in ${seconds.toFixed(1)} s; CPU: app ${appCpu.toFixed(1)} s, PostgreSQL ${pgCpu.toFixed(1)} s`,
        );
        results.push(
          { name: `policy.ingest.${m}.app_cpu`, value: Math.round(appCpu * 10) / 10, unit: "s" },
          { name: `policy.ingest.${m}.postgres_cpu`, value: Math.round(pgCpu * 10) / 10, unit: "s" },
        );
      }
    } finally {
      clearInterval(sampler);
    }

    // The same rows as COPY text, into an identical table filled in the same order (conversion not timed).
    const { opaDecision } = await import("@/lib/policy/parsers/opa");
    const { copyField } = await import("@/lib/policy/copy-format");
    const clusters = new Map(
      (await client.query<{ id: string; name: string }>(`SELECT id, name FROM cluster`)).rows.map((r) => [
        r.name,
        r.id,
      ]),
    );
    const months = new Set<string>();
    const tsvOf = async (file: string, batchId: string) => {
      const tsv = `${file}.tsv`;
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
              batchId,
            ];
            buf += `${row.map(copyField).join("\t")}\n`;
          }
          yield buf;
          buf = "";
        }
      }
      await pipeline(Readable.from(rows()), createWriteStream(tsv));
      return tsv;
    };
    const tsvs: string[] = [];
    for (const ph of phases) tsvs.push(await tsvOf(ph.file, ph.batchId));
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
    const copyPid = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
    const ratios: number[] = [];
    for (const [i, ph] of phases.entries()) {
      const cpu0 = cpuSeconds(copyPid);
      const t1 = performance.now();
      await client.query("BEGIN");
      await pipeline(
        createReadStream(tsvs[i]),
        client.query(
          copyFrom(
            `COPY bench_policy_decision ("engine", "decisionId", "time", "clusterId", "policy", "rule", "subject", "target", "action", "result", "reason", "severity", "details", "batchId") FROM STDIN`,
          ),
        ),
      );
      await client.query("COMMIT");
      const copySeconds = (performance.now() - t1) / 1000;
      const copyCpu = cpuSeconds(copyPid) - cpu0;
      log(
        `policy-ingest: COPY ${n} rows (${ph.mode}'s) in ${copySeconds.toFixed(1)} s; PostgreSQL CPU ${copyCpu.toFixed(1)} s`,
      );
      const app = n / ph.seconds;
      const copy = n / copySeconds;
      ratios.push(app / copy);
      results.push(
        {
          name: `policy.ingest.${ph.mode}.app_${mode}_throughput`,
          value: Math.round(app),
          unit: "decisions/s",
        },
        { name: `policy.ingest.${ph.mode}.copy_throughput`, value: Math.round(copy), unit: "rows/s" },
        {
          name: `policy.ingest.${ph.mode}.copy_postgres_cpu`,
          value: Math.round(copyCpu * 10) / 10,
          unit: "s",
        },
        {
          name: `policy.ingest.${ph.mode}.app_vs_copy`,
          value: Math.round((app / copy) * 1000) / 1000,
          unit: "ratio",
          ratio: app / copy,
        },
      );
    }
    if (ratios.length)
      results.push({
        name: "policy_ingest_copy_ratio",
        value: Math.round(Math.min(...ratios) * 1000) / 1000,
        unit: "ratio",
      });
    if (peak !== null)
      results.push({
        name: `policy.ingest.${mode === "http" ? "server" : "process"}_peak_rss`,
        value: Math.round(peak),
        unit: "MiB",
      });
    if (url && process.env.BENCH_POLICY_HOSTILE !== "0")
      results.push(...(await hostileBodies(url.replace(/\/$/, ""), token, log)));
    return results;
  } finally {
    await client.query(`DROP TABLE IF EXISTS bench_policy_decision`).catch(() => {});
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bodies that used to pin a core: a 64 MiB OPA upload on one line (timed against the same decisions with
 * a newline after each), and the 611 KB gzip body of one endless line, answered while /api/health is
 * polled (its slowest answer is reported).
 */
async function hostileBodies(url: string, token: string, log: (l: string) => void): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const mib = Number(process.env.BENCH_POLICY_ONE_LINE_MIB ?? 64);
  const t = Date.now() - 3_600_000;
  const events: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1048576; i++) {
    const e = JSON.stringify({
      decision_id: `one-line-${t}-${i}`,
      timestamp: new Date(t + i).toISOString(),
      path: "envoy/authz/allow",
      labels: { id: "bench", cluster: "bench-one-line" },
      input: { pad: "p".repeat(900) },
      result: i % 10 !== 0,
    });
    events.push(e);
    size += e.length + 1;
  }
  for (const [name, sep] of [
    ["one_line", ","],
    ["newlines", ",\n"],
  ] as const) {
    const body = gzipSync(`[${events.join(sep).replaceAll("one-line-", `${name}-`)}]`, { level: 1 });
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/opa/logs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body,
    });
    const j = (await res.json()) as { accepted?: number };
    const s = (performance.now() - t0) / 1000;
    if (res.status !== 201 || j.accepted !== events.length)
      throw new Error(
        `${mib} MiB upload (${name}) answered ${res.status}: ${JSON.stringify(j).slice(0, 200)}`,
      );
    log(`policy-ingest: ${mib} MiB upload, ${name}: ${events.length} decisions in ${s.toFixed(1)} s`);
    out.push({ name: `ingest.upload_${mib}mib_${name}_s`, value: Math.round(s * 100) / 100, unit: "s" });
  }
  // The attack: ~600 MiB without a newline in 611 KB of gzip (concatenated gzip members).
  const member = gzipSync("A".repeat(1 << 20), { level: 9 });
  const attack = Buffer.concat([
    gzipSync(`[{"decision_id":"${"A".repeat(1 << 20)}`, { level: 9 }),
    ...Array(599).fill(member),
  ]);
  let stop = false;
  let worstHealth = 0;
  const poll = (async () => {
    while (!stop) {
      const h0 = performance.now();
      await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
      worstHealth = Math.max(worstHealth, performance.now() - h0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/opa/logs?cluster=bench-attack`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-encoding": "gzip",
    },
    body: attack,
  });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  stop = true;
  await poll;
  log(
    `policy-ingest: ${attack.length} bytes of gzip, one endless line: ${res.status} after ${ms.toFixed(0)} ms`,
  );
  out.push(
    { name: "ingest.hostile_one_line_gzip_answer", value: Math.round(ms), unit: "ms" },
    { name: "ingest.hostile_one_line_gzip_status", value: res.status, unit: "http" },
    { name: "ingest.health_worst_during_hostile", value: Math.round(worstHealth), unit: "ms" },
  );
  return out;
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
