// Drift check: after applying every migration to an empty database, each model and field
// of the Prisma data model exists as a table and column with the matching type and nullability.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedUdt, readSchema } from "./prisma-schema";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

const { models, enums } = readSchema();

describe("migrations match the Prisma data model", () => {
  it("reads a non-trivial schema", () => {
    expect(models.length).toBeGreaterThan(8);
  });

  for (const model of models) {
    it(`${model.name} → table "${model.table}"`, async () => {
      const { rows } = await client.query<{ column_name: string; udt_name: string; is_nullable: string }>(
        `SELECT column_name, udt_name, is_nullable FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1`,
        [model.table],
      );
      expect(rows.length, `table ${model.table} is missing`).toBeGreaterThan(0);
      const cols = new Map(rows.map((r) => [r.column_name, r]));
      for (const f of model.fields) {
        const col = cols.get(f.column);
        expect(col, `${model.table}.${f.column} is missing`).toBeDefined();
        expect(col?.udt_name, `${model.table}.${f.column} type`).toBe(expectedUdt(f, enums));
        // Prisma lists are nullable columns; everything else follows the `?`.
        if (!f.list)
          expect(col?.is_nullable, `${model.table}.${f.column} nullability`).toBe(f.optional ? "YES" : "NO");
      }
    });
  }

  it("records applied migrations in _prisma_migrations as Prisma does", async () => {
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });
});
