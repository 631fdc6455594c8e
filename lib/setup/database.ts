import "server-only";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/config/env";
import { type EmbeddedDb, startEmbeddedDb } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

/** Where the embedded database, the secret and the audit anchors live (POSTURE_DATA_DIR). */
export const dataDir = () => path.resolve(env().POSTURE_DATA_DIR);

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
  const external = env().DATABASE_URL;
  if (external) {
    return { url: external, embedded: false, stop: async () => {} };
  }
  // The running server records its port here, so the CLI joins it whatever POSTURE_PGLITE_PORT it was
  // started with, and never opens the same files a second time (PGlite is one process per directory).
  const marker = path.join(dataDir(), "server.json");
  const running = readMarker(marker);
  if (running) {
    if (opts.role === "server") {
      throw new Error(
        `Posture is already running on this data directory (pid ${running.pid}, database port ${running.port}).`,
      );
    }
    return { url: urlOf(running.port), embedded: true, stop: async () => {} };
  }
  const port = env().POSTURE_PGLITE_PORT;
  if (await portOpen(port)) {
    if (opts.role === "server") {
      throw new Error(
        `Port ${port} is in use: is Posture already running? Stop it, or set POSTURE_PGLITE_PORT to another port.`,
      );
    }
    return { url: urlOf(port), embedded: true, stop: async () => {} };
  }
  const db: EmbeddedDb = await startEmbeddedDb(
    path.join(dataDir(), "pglite"),
    opts.role === "server" ? port : 0,
  );
  if (opts.role === "server") writeFileSync(marker, JSON.stringify({ pid: process.pid, port }));
  return {
    url: db.url,
    embedded: true,
    async stop() {
      if (opts.role === "server") rmSync(marker, { force: true });
      await db.stop();
    },
  };
}

const urlOf = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

function readMarker(file: string): { pid: number; port: number } | null {
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, "utf8")) as { pid: number; port: number };
    process.kill(m.pid, 0); // throws when no such process: a stale marker from a crash
    return m;
  } catch {
    rmSync(file, { force: true });
    return null;
  }
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
