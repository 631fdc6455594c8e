import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) on a data directory and serves it over the PostgreSQL wire
 * protocol on loopback, so the app, the worker and the CLI talk to it exactly as to a real server.
 * PGlite is one session: the socket server queues queries and never interleaves two transactions.
 */
export async function startEmbeddedDb(dataDir: string, port = 0): Promise<EmbeddedDb> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(path.resolve(dataDir));
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 16 });
  await server.start();
  const conn = server.getServerConn(); // host:port
  return {
    url: `postgresql://postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
