import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as Prisma Migrate does (same table, checksum = SHA-256 hex of the file),
 * so `prisma migrate deploy` keeps working wherever its native engine is available.
 * An advisory lock lets several replicas start at once.
 */

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const LOCK_KEY = 72707369; // arbitrary, constant: "posture migrations"

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(
  dir = path.join(process.cwd(), "prisma/migrations"),
): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const out: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
    out.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return out;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(client: pg.ClientBase, dir?: string): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  await lockedTransaction(client, () => client.query(MIGRATIONS_TABLE));
  const applied: string[] = [];
  for (const m of files) {
    const done = await lockedTransaction(client, async () => {
      const { rows } = await client.query<{ checksum: string; finished_at: Date | null }>(
        `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [m.name],
      );
      const prev = rows[0];
      if (prev?.finished_at) {
        if (prev.checksum !== m.checksum) {
          console.warn(`[migrate] ${m.name} was edited after it was applied (checksum differs)`);
        }
        return true;
      }
      if (prev) {
        throw new Error(`Migration ${m.name} failed earlier and was not rolled back; fix the database first`);
      }
      const id = randomUUID();
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
      } catch (e) {
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
      }
      return false;
    });
    if (!done) applied.push(m.name);
  }
  return { applied, alreadyApplied: files.length - applied.length };
}

/**
 * One transaction holding the migration lock. Transaction-scoped on purpose: behind a pooler in
 * transaction mode (PgBouncer) a session lock could be taken on one server session and never released.
 * Concurrent starters (replicas) wait here and then find the migration applied.
 */
async function lockedTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const out = await fn();
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
