import "server-only";
import type pg from "pg";
import { prisma, type Tx } from "@/lib/db/prisma";

/**
 * What a transaction opened by withPgTransaction / withPrismaTransaction carries: work that must run
 * last, just before COMMIT (the audit chain appends there, see lib/audit/log.ts and ARCHITECTURE.md
 * "Lock order").
 */
export interface TxState {
  readonly beforeCommit: (() => Promise<void>)[];
}

/**
 * The smallest interface raw-SQL domain code needs, so the same function runs inside a Prisma
 * interactive transaction, on a pg client holding a transaction, or on the pool. `tx` is set only on
 * the Sql a managed transaction hands out: code that must write inside one (audit) checks it.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  readonly tx?: TxState;
}

export function sqlOfPg(client: pg.Pool | pg.PoolClient | pg.Client, tx?: TxState): Sql {
  return {
    tx,
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await client.query(text, params as unknown[]);
      return r.rows as T[];
    },
  };
}

export function sqlOfTx(tx: Tx, state?: TxState): Sql {
  return {
    tx: state,
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.$queryRawUnsafe(text, ...params)) as T[];
    },
  };
}

async function runBeforeCommit(state: TxState): Promise<void> {
  // A hook may add another (rare); run until none is left, in the order they were added.
  while (state.beforeCommit.length) await state.beforeCommit.shift()?.();
}

/** Runs fn in a transaction on one pooled pg client (used by ingest, where Prisma adds nothing). */
export async function withPgTransaction<T>(
  p: pg.Pool,
  fn: (client: pg.PoolClient, sql: Sql) => Promise<T>,
): Promise<T> {
  const client = await p.connect();
  try {
    await client.query("BEGIN");
    const state: TxState = { beforeCommit: [] };
    const out = await fn(client, sqlOfPg(client, state));
    await runBeforeCommit(state);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** The same for Prisma's interactive transactions: fn gets the Prisma tx and an Sql on it. */
export async function withPrismaTransaction<T>(fn: (tx: Tx, sql: Sql) => Promise<T>): Promise<T> {
  return prisma().$transaction(async (tx) => {
    const state: TxState = { beforeCommit: [] };
    const out = await fn(tx, sqlOfTx(tx, state));
    await runBeforeCommit(state);
    return out;
  });
}
