// Opens the database for a CLI command: DATABASE_URL, the running embedded server, or the embedded
// files directly when no server runs. Domain modules are imported after the environment is set.

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

export function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}
