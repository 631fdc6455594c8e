// Creates this run's template database with every migration applied. Each test file then gets a fresh
// copy of it (test/setup-env.ts), so files never see each other's data. Without a PostgreSQL server the
// files share one embedded PGlite database instead.
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { adminUrl, createDatabase, dropDatabase } from "./db";

export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const base = await adminUrl();
  let url: string;
  let teardown: () => Promise<void>;
  const prefix = `posture_test_${process.pid}_${Date.now()}`;
  if (base) {
    url = await createDatabase(base, `${prefix}_tpl`);
    teardown = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${prefix}%`],
      );
      await c.end();
      for (const r of rows) await dropDatabase(base, r.datname).catch(() => {});
    };
  } else {
    const { startEmbeddedDb } = await import("../lib/db/embedded");
    const { mkdtempSync } = await import("node:fs");
    const db = await startEmbeddedDb(mkdtempSync("/tmp/posture-test-pglite-"));
    url = db.url;
    teardown = db.stop;
    console.warn("[test] no PostgreSQL server answered; using embedded PGlite (one database for all files)");
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await migrate(c);
  await c.end();
  provide("databaseUrl", url);
  provide("adminUrl", base ?? "");
  provide("dbPrefix", prefix);
  return teardown;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminUrl: string;
    dbPrefix: string;
  }
}
