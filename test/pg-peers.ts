// Real PostgreSQL peers for the scale tests: a primary of our own (initdb in a temporary directory), a
// hot standby made from it with pg_basebackup -R, and PgBouncer in transaction mode. Each is started by
// PID and stopped by PID; directories are removed afterwards. PostgreSQL and PgBouncer refuse to run as
// root, so under root (CI containers) they run as the `postgres` user.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

function pgBinDir(): string | null {
  try {
    const d = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(path.join(d, "initdb"))) return d;
  } catch {}
  for (const v of ["17", "16", "15"]) {
    const d = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(path.join(d, "initdb"))) return d;
  }
  return null;
}

const BIN = pgBinDir();
const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => existsSync(p)) ?? null;

/** Why the PostgreSQL peers cannot run here, or null when they can. */
export const missingPostgres = BIN
  ? null
  : "PostgreSQL server binaries (initdb, postgres, pg_basebackup) are not installed (Debian: postgresql)";
export const missingPgBouncer = PGBOUNCER ? null : "pgbouncer is not installed (Debian: pgbouncer)";

const asRoot = process.getuid?.() === 0;
let pgUid = 0;
let pgGid = 0;
if (asRoot) {
  pgUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  pgGid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
}

/** Run as the postgres user when we are root (the process itself, so its PID is the peer's). */
const asPostgres = () => (asRoot ? { uid: pgUid, gid: pgGid, env: { ...process.env, HOME: tmpdir() } } : {});

function run(bin: string, args: string[]) {
  execFileSync(bin, args, { stdio: ["ignore", "ignore", "pipe"], ...asPostgres() });
}

/** A temporary directory the peer's user owns. */
export function peerDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  if (asRoot) chownSync(d, pgUid, pgGid);
  chmodSync(d, 0o700);
  return d;
}

export interface Peer {
  pid: number;
  dir: string;
  port: number;
  stop(): Promise<void>;
  /** The end of its stderr, for failure messages. */
  log(): string;
}

/** Spawn the peer and wait until it accepts connections on 127.0.0.1:port. */
async function startPeer(bin: string, args: string[], dir: string, port: number): Promise<Peer> {
  const child: ChildProcess = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"], ...asPostgres() });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const peer: Peer = {
    pid: child.pid ?? 0,
    dir,
    port,
    async stop() {
      if (child.exitCode === null && child.pid) {
        // SIGINT: PostgreSQL's fast shutdown, and PgBouncer's.
        child.kill("SIGINT");
        const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => stderr,
  };
  try {
    await waitForConnect(`postgresql://postgres@127.0.0.1:${port}/postgres`);
  } catch (e) {
    await peer.stop();
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return peer;
}

export async function waitForConnect(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query("SELECT 1");
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not accept connections: ${(last as Error)?.message}`);
}

/** postgres on 127.0.0.1:port over the data directory, with its socket in `dir` and extra `-c` settings. */
async function startPostgres(dir: string, data: string, port: number, settings: string[]): Promise<Peer> {
  const args = ["-D", data, "-p", String(port)];
  for (const s of ["listen_addresses=127.0.0.1", `unix_socket_directories=${dir}`, ...settings]) {
    args.push("-c", s);
  }
  return startPeer(path.join(BIN ?? "", "postgres"), args, dir, port);
}

/** A fresh primary (initdb) on 127.0.0.1:port, set up for streaming replication. */
export async function startPrimary(port: number): Promise<Peer> {
  if (!BIN) throw new Error(missingPostgres ?? "");
  const dir = peerDir("posture-pg-primary-");
  const data = path.join(dir, "data");
  run(path.join(BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  return startPostgres(dir, data, port, [
    "wal_level=replica",
    "max_wal_senders=5",
    "fsync=off",
    "synchronous_commit=off",
  ]);
}

/** A hot standby of the primary: pg_basebackup -R into a new directory, then postgres on `port`. */
export async function startStandby(primary: Peer, port: number): Promise<Peer> {
  if (!BIN) throw new Error(missingPostgres ?? "");
  const dir = peerDir("posture-pg-standby-");
  const data = path.join(dir, "data");
  const from = ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres"];
  run(path.join(BIN, "pg_basebackup"), [...from, "-D", data, "-R", "-X", "stream", "--no-sync"]);
  return startPostgres(dir, data, port, ["hot_standby=on"]);
}

/** PgBouncer in transaction mode on `port`, in front of the PostgreSQL server at target. */
export async function startPgBouncer(port: number, target: { host: string; port: number }): Promise<Peer> {
  if (!PGBOUNCER) throw new Error(missingPgBouncer ?? "");
  const dir = peerDir("posture-pgbouncer-");
  const ini = path.join(dir, "pgbouncer.ini");
  const users = path.join(dir, "users.txt");
  writeFileSync(users, `"postgres" ""\n`);
  writeFileSync(
    ini,
    `[databases]
* = host=${target.host} port=${target.port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${users}
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options,statement_timeout
server_reset_query =
logfile = ${path.join(dir, "pgbouncer.log")}
`,
  );
  if (asRoot) {
    chownSync(ini, pgUid, pgGid);
    chownSync(users, pgUid, pgGid);
  }
  return startPeer(PGBOUNCER, [ini], dir, port);
}
