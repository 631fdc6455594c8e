import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { databaseUrl, env } from "@/lib/config/env";

// timestamptz and bigint come back as JS types we can compute with; int8 counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const globalForPool = globalThis as unknown as { posturePool?: pg.Pool };

/** Set by lib/db/replica.ts#fromReplica for the reads of one request that a hot standby may answer. */
export const readScope = new AsyncLocalStorage<pg.Pool>();

/**
 * The process-wide connection pool, shared by Prisma, Better Auth, raw SQL and the job queue; inside
 * fromReplica() (dashboard, KPI and report reads) the pool of the read replica instead.
 */
export function pool(): pg.Pool {
  const scoped = readScope.getStore();
  if (scoped) return scoped;
  return primaryPool();
}

/** The primary's pool, whatever the scope (writes, and reads that must see them). */
export function primaryPool(): pg.Pool {
  if (!globalForPool.posturePool) {
    const e = env();
    globalForPool.posturePool = new pg.Pool({
      connectionString: databaseUrl(),
      max: e.POSTURE_DB_POOL_MAX ?? 10,
      application_name: "posture",
    });
    globalForPool.posturePool.on("error", (err) => console.error("[db] idle client error", err.message));
  }
  return globalForPool.posturePool;
}

/** Does the primary answer a query? For /api/health (load balancers, `npm start`). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await primaryPool().query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

export async function closePool(): Promise<void> {
  const p = globalForPool.posturePool;
  globalForPool.posturePool = undefined;
  await p?.end();
}
