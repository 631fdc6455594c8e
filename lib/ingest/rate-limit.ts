import "server-only";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { env } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";

// Per-token (or per-user) ingest rate limit. Counters live in PostgreSQL so every replica shares them.
// The embedded database (one process by design) keeps them in memory: the PostgreSQL store uses named
// prepared statements, which PGlite's single shared session rejects the second time.
const globalForRl = globalThis as unknown as { postureIngestRl?: Promise<RateLimiterAbstract> };
const POINTS = () => env().POSTURE_INGEST_RATE_PER_MIN;

function limiter(): Promise<RateLimiterAbstract> {
  if (env().POSTURE_EMBEDDED === "1") {
    globalForRl.postureIngestRl ??= Promise.resolve(
      new RateLimiterMemory({ keyPrefix: "ingest", points: POINTS(), duration: 60 }),
    );
    return globalForRl.postureIngestRl;
  }
  globalForRl.postureIngestRl ??= new Promise((resolve, reject) => {
    const rl: RateLimiterPostgres = new RateLimiterPostgres(
      {
        // Unnamed statements: the library names its prepared statements, which a pooler in transaction
        // mode (PgBouncer) cannot keep, since consecutive statements may run on different server sessions.
        storeClient: {
          query: (q: { text: string; values?: unknown[] }) => pool().query(q.text, q.values),
        },
        storeType: "pool",
        tableName: "rate_limit_ingest",
        keyPrefix: "ingest",
        points: POINTS(),
        duration: 60,
      },
      (err?: Error) => (err ? reject(err) : resolve(rl)),
    );
  });
  return globalForRl.postureIngestRl;
}

export async function checkIngestRate(key: string): Promise<void> {
  try {
    await (await limiter()).consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      throw new AppError(
        "rate_limited",
        `Ingest rate limit reached; retry in ${Math.ceil(e.msBeforeNext / 1000)} s`,
        {
          retryAfterSeconds: Math.ceil(e.msBeforeNext / 1000),
        },
      );
    }
    throw e;
  }
}
