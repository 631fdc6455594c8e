import "server-only";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { type EmbeddedDb, startEmbeddedDb } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

export const DATA_DIR = path.resolve(process.env.POSTURE_DATA_DIR ?? ".data");
export const EMBEDDED_PORT = Number(process.env.POSTURE_PGLITE_PORT ?? 54329);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set (production mode); else the embedded PGlite under .data/. A second process (the
 * CLI while the server runs) joins the running embedded server instead of opening the files twice.
 */
export async function openDatabase(opts: { role: "server" | "cli" }): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = EMBEDDED_PORT;
  if (await portOpen(port)) {
    if (opts.role === "server") {
      throw new Error(
        `Port ${port} is in use: is Posture already running? Stop it, or set POSTURE_PGLITE_PORT to another port.`,
      );
    }
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, embedded: true, stop: async () => {} };
  }
  const db: EmbeddedDb = await startEmbeddedDb(path.join(DATA_DIR, "pglite"), opts.role === "server" ? port : 0);
  return { url: db.url, embedded: true, stop: db.stop };
}

/** Applies pending migrations through one short-lived connection. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await migrate(client)).applied;
  } finally {
    await client.end();
  }
}
