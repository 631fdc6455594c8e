import "server-only";
import pg from "pg";
import { env } from "@/lib/config/env";
import { primaryPool, readScope } from "./pool";

// Reads for dashboards, KPIs and reports may go to a PostgreSQL hot standby (DATABASE_READ_URL). A user
// never sees a state older than their own write: every mutation answers with the primary's WAL position
// after it (cookie for browsers, header for API clients), and a read that carries one is served by the
// standby only once the standby has replayed that far (it waits briefly), else by the primary.

export const READ_AFTER_COOKIE = "posture_read_after";
export const READ_AFTER_HEADER = "x-posture-read-after";
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;
/** How long a read waits for the standby to replay the user's last write before asking the primary. */
const CATCH_UP_MS = 300;

const g = globalThis as unknown as { postureReadPool?: pg.Pool | null };

function replicaPool(): pg.Pool | null {
  if (g.postureReadPool === undefined) {
    const url = env().DATABASE_READ_URL;
    g.postureReadPool = url
      ? new pg.Pool({
          connectionString: url,
          max: env().POSTURE_DB_POOL_MAX ?? 10,
          application_name: "posture-read",
        })
      : null;
    g.postureReadPool?.on("error", (err) =>
      console.error("[db] idle read-replica client error", err.message),
    );
  }
  return g.postureReadPool;
}

export async function closeReplicaPool(): Promise<void> {
  const p = g.postureReadPool;
  g.postureReadPool = undefined;
  await p?.end();
}

export const replicaConfigured = () => !!env().DATABASE_READ_URL;

/** The primary's current WAL position: a write stamp (taken after the write committed). */
export async function primaryLsn(): Promise<string> {
  const r = await primaryPool().query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
  return r.rows[0].lsn;
}

/** The write stamp a request carries (header, else cookie), or null. */
export function readAfterOf(req: Request): string | null {
  const h = req.headers.get(READ_AFTER_HEADER);
  if (h && LSN.test(h)) return h;
  const c = /(?:^|;\s*)posture_read_after=([0-9A-Fa-f]+\/[0-9A-Fa-f]+)/.exec(req.headers.get("cookie") ?? "");
  return c && LSN.test(c[1]) ? c[1] : null;
}

export function validLsn(v: string | null | undefined): string | null {
  return v && LSN.test(v) ? v : null;
}

/** The Set-Cookie value that stamps a browser session with a write. */
export function readAfterCookie(lsn: string): string {
  return `${READ_AFTER_COOKIE}=${lsn}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`;
}

async function caughtUp(replica: pg.Pool, after: string | null): Promise<boolean> {
  const until = Date.now() + CATCH_UP_MS;
  for (;;) {
    const r = await replica.query<{ ok: boolean | null }>(
      `SELECT CASE WHEN $1::text IS NULL THEN true ELSE pg_last_wal_replay_lsn() >= $1::pg_lsn END AS ok`,
      [after],
    );
    if (r.rows[0]?.ok) return true;
    if (Date.now() >= until) return false;
    await new Promise((res) => setTimeout(res, 25));
  }
}

/**
 * Runs read-only work (KPIs, overview, reports) on the hot standby when one is configured and has
 * replayed `after` (the reader's last write), else on the primary. Code inside uses pool() as usual.
 * A standby that cannot be reached sends the reads to the primary.
 */
export async function fromReplica<T>(after: string | null, fn: () => Promise<T>): Promise<T> {
  const replica = replicaPool();
  if (!replica) return fn();
  let ok = false;
  try {
    ok = await caughtUp(replica, after);
  } catch (e) {
    console.error("[db] read replica unavailable; reading from the primary:", (e as Error).message);
  }
  return ok ? readScope.run(replica, fn) : fn();
}
