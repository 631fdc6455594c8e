// Readings of the processes under test for the benchmarks: the server's PID (from its port), its process
// group, resident memory and CPU seconds from /proc, and the PostgreSQL backends of a database.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";

export function pidOfPort(url: string): number | null {
  try {
    const port = new URL(url).port || "80";
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc (0 when it is gone or not readable). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** The server's processes: the one listening and its whole process group (next-server, worker). */
export function serverPids(pid: number): number[] {
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

export async function backendPids(client: pg.Client): Promise<number[]> {
  const r = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return r.rows.map((x) => x.pid);
}

/** CPU used by a set of processes between start() and the returned function's call. */
export function cpuMeter(pids: () => Promise<number[]> | number[]) {
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
