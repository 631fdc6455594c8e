// Opens the database for a CLI command: DATABASE_URL, the running embedded server, or the embedded
// files directly when no server runs. Domain modules are imported after the environment is set.

import { Command } from "commander";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { reloadEnv } from "@/lib/config/env";
import { dataDir, migrateDatabase, openDatabase } from "@/lib/setup/database";
import { ensureSecret } from "@/lib/setup/secret";

export async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const db = await openDatabase({ role: "cli" });
  process.env.DATABASE_URL = db.url;
  process.env.POSTURE_DB_POOL_MAX ??= "1";
  process.env.POSTURE_SECRET = ensureSecret(dataDir());
  reloadEnv();
  try {
    await migrateDatabase(db.url);
    return await fn();
  } finally {
    const { disconnectPrisma } = await import("@/lib/db/prisma");
    const { closePool } = await import("@/lib/db/pool");
    await disconnectPrisma().catch(() => {});
    await closePool().catch(() => {});
    await db.stop();
  }
}

/**
 * The CLI's commands: commander's, plus `.dbAction(fn)`, an action run inside withDatabase. Subcommands
 * made with `.command()` are CliCommands too (commander's documented createCommand hook).
 */
export class CliCommand extends Command {
  override createCommand(name?: string): CliCommand {
    return new CliCommand(name);
  }

  dbAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): this {
    return this.action((...args: A) => withDatabase(() => fn(...args)));
  }
}

/** Who the audit log names for changes made from the command line. */
export const CLI_ACTOR = { ...SYSTEM_ACTOR, label: "cli" };

/** The SQL handle on the pool withDatabase opened (imported late: the environment is set by then). */
export async function cliSql() {
  const { sqlOfPg } = await import("@/lib/db/sql");
  const { pool } = await import("@/lib/db/pool");
  return sqlOfPg(pool());
}

/** Print an error line and stop (exit code 2: bad usage or input; 1: the operation failed). */
export function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}
