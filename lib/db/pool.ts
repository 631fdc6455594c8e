import "server-only";
import pg from "pg";
import { env } from "@/lib/config/env";

// timestamptz and bigint come back as JS types we can compute with; int8 counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const globalForPool = globalThis as unknown as { posturePool?: pg.Pool };

/** The process-wide connection pool, shared by Prisma, Better Auth, raw SQL and the job queue. */
export function pool(): pg.Pool {
  if (!globalForPool.posturePool) {
    const e = env();
    globalForPool.posturePool = new pg.Pool({
      connectionString: e.DATABASE_URL,
      max: e.POSTURE_DB_POOL_MAX ?? 10,
      application_name: "posture",
    });
    globalForPool.posturePool.on("error", (err) => console.error("[db] idle client error", err.message));
  }
  return globalForPool.posturePool;
}

export async function closePool(): Promise<void> {
  const p = globalForPool.posturePool;
  globalForPool.posturePool = undefined;
  await p?.end();
}
