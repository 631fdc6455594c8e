// Attack: a database administrator disables the append-only trigger and deletes the newest audit events.
// The remaining chain is shorter but still links up, so the chain alone cannot tell. The head is
// anchored outside the database (an HMAC-signed line per move); verify reports the deleted tail, and so
// does `npm run posture -- audit verify`.
import { execFile } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAnchor, verifyAnchors } from "@/lib/audit/anchor";
import { audit, SYSTEM_ACTOR, verifyChain } from "@/lib/audit/log";
import { reloadEnv } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { db } from "./fixtures";

const run = promisify(execFile);
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "posture-anchor-"));
  process.env.POSTURE_AUDIT_ANCHOR_FILE = path.join(dir, "anchors.log");
  process.env.POSTURE_AUDIT_ANCHOR_KEY = "anchor-key-for-tests-0123456789abcdef";
  reloadEnv();
});
afterAll(() => {
  delete process.env.POSTURE_AUDIT_ANCHOR_FILE;
  delete process.env.POSTURE_AUDIT_ANCHOR_KEY;
  reloadEnv();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const event = (n: number) =>
  withPgTransaction(pool(), (_c, sql) => audit(sql, SYSTEM_ACTOR, { action: "test.anchor", data: { n } }));

describe("audit anchors", () => {
  it("a deleted tail passes the chain check but not the anchors", async () => {
    await event(1);
    await event(2);
    const first = await recordAnchor(db());
    expect(first).not.toBeNull();
    expect(await recordAnchor(db())).toBeNull(); // head unchanged: nothing new to anchor
    await event(3);
    await event(4);
    const second = await recordAnchor(db());
    expect(second?.id).toBeGreaterThan(first?.id ?? 0);
    expect(await verifyAnchors(db())).toMatchObject({ ok: true, checked: 2, problems: [] });

    // Behind the trigger's back: delete events 3 and 4.
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete");
      await c.query(`DELETE FROM audit_event WHERE id > $1`, [first?.id]);
      await c.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete");
      await c.query("COMMIT");
    } finally {
      await c.end();
    }
    expect((await verifyChain(db())).ok).toBe(true); // the chain alone cannot tell
    const v = await verifyAnchors(db());
    expect(v.ok).toBe(false);
    expect(v.problems.join("\n")).toMatch(
      new RegExp(
        `tail deleted: the chain ends at event ${first?.id}, but event ${second?.id} .* was anchored`,
      ),
    );

    // The CLI reports it and exits 1.
    const cli = await run(
      "npx",
      ["tsx", "--conditions=react-server", "scripts/posture.ts", "audit", "verify"],
      { env: { ...process.env, POSTURE_DB_POOL_MAX: "1" }, cwd: process.cwd() },
    ).then(
      () => ({ code: 0, out: "" }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/anchor: tail deleted/);
  }, 120_000);

  it("an anchor line edited or written with another key is reported, not trusted", async () => {
    const file = process.env.POSTURE_AUDIT_ANCHOR_FILE as string;
    const last = JSON.parse(readFileSync(file, "utf8").trim().split("\n").pop() as string);
    appendFileSync(file, `${JSON.stringify({ ...last, id: last.id + 1000 })}\nnot json\n`);
    const v = await verifyAnchors(db());
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/line 3: signature does not match/),
        expect.stringMatching(/line 4: not a JSON anchor/),
      ]),
    );
  });
});
