// The server for the end-to-end suite: a fresh database (the local PostgreSQL, else embedded PGlite in a
// temporary directory), then exactly what `npm start` runs (scripts/start.ts) on the production build.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminUrl, createDatabase } from "../test/db";

const base = await adminUrl();
if (base) {
  process.env.DATABASE_URL = await createDatabase(base, `posture_e2e_${Date.now()}`);
} else {
  process.env.POSTURE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "posture-e2e-"));
  process.env.POSTURE_PGLITE_PORT = String(54400 + Math.floor(Math.random() * 500));
}
process.env.POSTURE_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-0123456";
// For the specs (e2e/helpers.ts e2eServer): its database, and the secret a second replica must share.
// One file per port: several suites may run side by side on one machine (E2E_PORT), each on its own database.
writeFileSync(
  path.join(tmpdir(), `posture-e2e-db-${process.env.PORT}.json`),
  JSON.stringify({ url: process.env.DATABASE_URL ?? null, secret: process.env.POSTURE_SECRET }),
);
await import("../scripts/start");
