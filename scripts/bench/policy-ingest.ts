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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { hostileBodies } from "./hostile-bodies";
import { asUploadEvent, bodyOf, fileParts, generate, type Mode } from "./opa-payloads";
import { copyBaseline } from "./policy-copy-baseline";
import { backendPids, cpuMeter, pidOfPort, rssMiB, serverPids } from "./proc-meter";

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
        // The request bodies are prepared before the clock starts, as the COPY text of the baseline is: a
        // collector sends bytes it already has, and this process shares the cores with the server.
        const bodies: { file: string; count: number; headers: Record<string, string>; path: string }[] = [];
        for await (const raw of fileParts(file, perPart)) {
          const part = m === "gzip_array" ? raw.map(asUploadEvent) : raw;
          const b = bodyOf(m, part);
          const bodyFile = `${file}.${bodies.length}.body`;
          writeFileSync(bodyFile, b.body);
          bodies.push({ file: bodyFile, count: part.length, headers: b.headers, path: b.path });
        }
        await appSide.start();
        await pgSide.start();
        const t0 = performance.now();
        for (const prepared of bodies) {
          const b = { ...prepared, body: readFileSync(prepared.file) };
          const part = { length: prepared.count };
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

    // The same rows COPYed into an identical table (scripts/bench/policy-copy-baseline.ts).
    const baseline = await copyBaseline(client, phases);
    const ratios: number[] = [];
    for (const [i, ph] of phases.entries()) {
      const { seconds: copySeconds, cpu: copyCpu } = baseline[i];
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
