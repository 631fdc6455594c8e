// A short-lived API token of the first admin for a bench run, created in the database the server uses
// (the token and its audit event in one transaction, as everywhere in the app).
import pg from "pg";
import type { TokenScope } from "@/lib/auth/roles";

const DAY = 86_400_000;

/** A token named `name` with these scopes, valid for a day. */
export async function benchToken(databaseUrl: string, name: string, scopes: TokenScope[]): Promise<string> {
  const { createToken } = await import("@/lib/auth/tokens");
  const { withPgTransaction } = await import("@/lib/db/sql");
  const p = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    return await withPgTransaction(p, async (c, sql) => {
      const admin = await c.query<{ id: string }>(
        `SELECT id FROM "user" WHERE role = 'admin' ORDER BY "createdAt" LIMIT 1`,
      );
      if (!admin.rows[0])
        throw new Error("no admin user: start the server once (npm start) so it creates one");
      const t = await createToken(
        sql,
        { type: "system", id: null, label: "bench" },
        { userId: admin.rows[0].id, name, scopes, expiresInMs: DAY },
      );
      return t.token;
    });
  } finally {
    await p.end();
  }
}
