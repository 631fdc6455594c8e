// The audit log: every mutation appends a chained event; the table refuses UPDATE/DELETE/TRUNCATE;
// verification finds the first broken link.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { audit, SYSTEM_ACTOR, verifyChain } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { db, makeUser } from "./fixtures";

describe("audit log", () => {
  it("writes an event with the mutation and the chain verifies", async () => {
    const u = await makeUser("viewer");
    const ev = await db().query<{ action: string }>(`SELECT action FROM audit_event WHERE "targetId" = $1`, [
      u.id,
    ]);
    expect(ev.map((e) => e.action)).toContain("user.create");
    const r = await verifyChain(db());
    expect(r.ok).toBe(true);
    expect(r.count).toBeGreaterThan(0);
  });

  it("refuses an audit write outside a transaction, and a rolled-back change leaves no event", async () => {
    await expect(audit(db(), SYSTEM_ACTOR, { action: "test.loose" })).rejects.toThrow(
      /outside a transaction/,
    );
    await expect(
      withPgTransaction(pool(), async (_c, sql) => {
        await audit(sql, SYSTEM_ACTOR, { action: "test.rolled-back" });
        throw new Error("the change fails after its audit call");
      }),
    ).rejects.toThrow(/change fails/);
    expect(await db().query(`SELECT 1 FROM audit_event WHERE action LIKE 'test.%'`)).toHaveLength(0);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await withPgTransaction(pool(), (_c, sql) => audit(sql, SYSTEM_ACTOR, { action: "test.guard" }));
    await expect(db().query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db().query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(db().query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it("verify reports the first event whose content was changed behind the trigger's back", async () => {
    await withPgTransaction(pool(), async (_c, sql) => {
      await audit(sql, SYSTEM_ACTOR, { action: "test.one", data: { n: 1 } });
      await audit(sql, SYSTEM_ACTOR, { action: "test.two", data: { n: 2 } });
    });
    const [target] = await db().query<{ id: number }>(`SELECT id FROM audit_event WHERE action = 'test.one'`);
    // A superuser can disable triggers; verification must still catch the edit.
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete");
      await c.query(`UPDATE audit_event SET data = '{"n": 99}' WHERE id = $1`, [target.id]);
      const r = await verifyChain({ query: async (t, p) => (await c.query(t, p as unknown[])).rows });
      expect(r.ok).toBe(false);
      expect(r.brokenAt?.id).toBe(Number(target.id));
      expect(r.brokenAt?.reason).toMatch(/content/);
    } finally {
      await c.query("ROLLBACK");
      await c.end();
    }
  });
});
