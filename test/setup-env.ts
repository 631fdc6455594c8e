// Runs before each test file: a database of its own, copied from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

const template = inject("databaseUrl");
const admin = inject("adminUrl");
if (admin) {
  const name = `${inject("dbPrefix")}_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}" TEMPLATE "${new URL(template).pathname.slice(1)}"`);
  await c.end();
  const u = new URL(template);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
} else {
  process.env.DATABASE_URL = template;
}
process.env.POSTURE_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.POSTURE_URL ??= "http://localhost:3000";
process.env.POSTURE_DB_POOL_MAX ??= "4";
