// `npm run bench`: the performance benchmarks, each a side-by-side measurement in one run on this
// machine, printed one line per figure. Needs a production build (runs `next build` when missing) and a
// PostgreSQL server (TEST_DATABASE_URL or 127.0.0.1:5432); each run uses a fresh database.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { adminUrl, createDatabase, dropDatabase } from "../test/db";
import { benchDashboard } from "./bench/dashboard";
import { type Figure, printFigures } from "./bench/report";

const PORT = Number(process.env.BENCH_PORT ?? 3299);
const ADMIN = { email: "bench@posture.local", password: "bench-password-0123456" };

async function main() {
  const base = await adminUrl();
  if (!base)
    throw new Error(
      "npm run bench needs PostgreSQL: set TEST_DATABASE_URL or run a server on 127.0.0.1:5432",
    );
  if (!existsSync(".next/BUILD_ID")) spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  const dbName = `posture_bench_${Date.now()}`;
  const url = await createDatabase(base, dbName);
  const server = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/start.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      POSTURE_URL: `http://localhost:${PORT}`,
      POSTURE_SECRET: "bench-secret-bench-secret-bench-secret-01",
      POSTURE_ADMIN_EMAIL: ADMIN.email,
      POSTURE_ADMIN_PASSWORD: ADMIN.password,
      POSTURE_LOGIN_RATE_PER_MIN: "1000",
      POSTURE_INGEST_RATE_PER_MIN: "100000",
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const figures: Figure[] = [];
  try {
    await waitForHealth(`http://localhost:${PORT}/api/health`);
    figures.push(...(await benchDashboard(`http://localhost:${PORT}`, ADMIN)));
    // Benchmarks contributed by domains (scripts/bench/*.ts) register in scripts/bench/list.ts.
    const { domainBenches } = await import("./bench/list");
    for (const b of domainBenches) {
      figures.push(
        ...(await b({
          baseUrl: `http://localhost:${PORT}`,
          databaseUrl: url,
          admin: ADMIN,
          serverPid: server.pid ?? 0,
        })),
      );
    }
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    await dropDatabase(base, dbName).catch(() => {});
  }
  printFigures(figures);
}

async function waitForHealth(url: string) {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not start: ${url}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
