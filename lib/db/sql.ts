import "server-only";
import type pg from "pg";
import type { Tx } from "@/lib/db/prisma";

/**
 * The smallest interface raw-SQL domain code needs, so the same function runs inside a Prisma
 * interactive transaction, on a pg client holding a transaction, or on the pool.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export function sqlOfPg(client: pg.Pool | pg.PoolClient | pg.Client): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await client.query(text, params as unknown[]);
      return r.rows as T[];
    },
  };
}

export function sqlOfTx(tx: Tx): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.$queryRawUnsafe(text, ...params)) as T[];
    },
  };
}

/** Runs fn in a transaction on one pooled pg client (used by ingest, where Prisma adds nothing). */
export async function withPgTransaction<T>(
  p: pg.Pool,
  fn: (client: pg.PoolClient, sql: Sql) => Promise<T>,
): Promise<T> {
  const client = await p.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client, sqlOfPg(client));
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
