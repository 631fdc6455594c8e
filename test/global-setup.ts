// Creates this run's database, applies every migration, and hands its URL to the tests.
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { adminUrl, createDatabase, dropDatabase } from "./db";

export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const base = await adminUrl();
  let url: string;
  let teardown: () => Promise<void>;
  if (base) {
    const name = `posture_test_${process.pid}_${Date.now()}`;
    url = await createDatabase(base, name);
    teardown = () => dropDatabase(base, name);
  } else {
    const { startEmbeddedDb } = await import("../lib/db/embedded");
    const { mkdtempSync } = await import("node:fs");
    const db = await startEmbeddedDb(mkdtempSync("/tmp/posture-test-pglite-"));
    url = db.url;
    teardown = db.stop;
    console.warn("[test] no PostgreSQL server answered; using embedded PGlite");
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await migrate(c);
  await c.end();
  provide("databaseUrl", url);
  return teardown;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
