// Pull sources: validation against the connector's schema, encrypted secrets never returned, roles,
// and a run through the real runner + batch writer recorded with its result.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as runRoute } from "@/app/api/v1/sources/[id]/run/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/v1/sources/route";
import { registerConnector } from "@/lib/sources/connectors";
import { decryptSecrets } from "@/lib/sources/secrets";
import { call, db, tokenFor } from "./fixtures";

let pulls = 0;
registerConnector({
  kind: "test-static",
  label: "Static (tests)",
  description: "returns a fixed payload, or fails when told to",
  configSchema: z.object({ fail: z.boolean().default(false) }),
  secretFields: ["apiKey"],
  async pull(source) {
    pulls++;
    if (source.config.fail) throw new Error("upstream answered 503");
    if (source.secrets.apiKey !== "s3cret") throw new Error("secret did not round-trip");
    return [];
  },
});

// Holds its pull open until the test lets it go: a run in progress.
let releaseSlow: () => void = () => {};
let slowStarted: () => void = () => {};
registerConnector({
  kind: "test-slow",
  label: "Slow (tests)",
  description: "waits until released",
  configSchema: z.object({}),
  secretFields: [],
  async pull() {
    slowStarted();
    await new Promise<void>((r) => {
      releaseSlow = r;
    });
    return [];
  },
});

/** A new test-slow source and its "Run now", once the pull has started (released by releaseSlow). */
async function slowRunInProgress(token: string, name: string) {
  const src = await call(createRoute, { token, body: { name, kind: "test-slow" } });
  const started = new Promise<void>((r) => {
    slowStarted = r;
  });
  const first = call(runRoute, { method: "POST", token, params: { id: src.json.id } });
  await started;
  return { src, first };
}

describe("pull sources", () => {
  it('"Run now" while the source is running answers 409 and pulls nothing twice', async () => {
    const op = await tokenFor("operator");
    const { src, first } = await slowRunInProgress(op, "s-slow");
    const second = await call(runRoute, { method: "POST", token: op, params: { id: src.json.id } });
    expect(second.status).toBe(409);
    expect(second.json.error.message).toMatch(/running already/);
    releaseSlow();
    expect((await first).json.status).toBe("ok");
    const runs = await db().query(`SELECT status FROM source_run WHERE "sourceId" = $1`, [src.json.id]);
    expect(runs).toEqual([{ status: "ok" }]);
  });

  it('"Run now" refused because the source is running records no audit event claiming a run', async () => {
    const op = await tokenFor("operator");
    const { src, first } = await slowRunInProgress(op, "s-slow-audit");
    for (let i = 0; i < 3; i++) {
      const refused = await call(runRoute, { method: "POST", token: op, params: { id: src.json.id } });
      expect(refused.status).toBe(409);
    }
    releaseSlow();
    expect((await first).status).toBe(200);
    // One run happened, so exactly one "source.run" event, written once the lease was held.
    const events = await db().query(
      `SELECT action FROM audit_event WHERE "targetType" = 'source' AND "targetId" = $1 AND action = 'source.run'`,
      [src.json.id],
    );
    expect(events).toHaveLength(1);
    // An unknown source is still a 404, with nothing audited either.
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await call(runRoute, { method: "POST", token: op, params: { id: missing } })).status).toBe(404);
    expect(await db().query(`SELECT 1 FROM audit_event WHERE "targetId" = $1`, [missing])).toHaveLength(0);
  });

  it("validates config against the connector, stores secrets encrypted and never returns them", async () => {
    const op = await tokenFor("operator");
    const bad = await call(createRoute, {
      token: op,
      body: { name: "s-bad", kind: "test-static", config: { fail: "yes" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/config/);
    const unknownSecret = await call(createRoute, {
      token: op,
      body: { name: "s-bad2", kind: "test-static", secrets: { password: "x" } },
    });
    expect(unknownSecret.status).toBe(400);
    const unknownKind = await call(createRoute, { token: op, body: { name: "s-bad3", kind: "nope" } });
    expect(unknownKind.status).toBe(400);

    const ok = await call(createRoute, {
      token: op,
      body: { name: "s-ok", kind: "test-static", cluster: "c-src", secrets: { apiKey: "s3cret" } },
    });
    expect(ok.status).toBe(201);
    const row = await db().query<{ secretsEnc: string }>(`SELECT "secretsEnc" FROM source WHERE id = $1`, [
      ok.json.id,
    ]);
    expect(row[0].secretsEnc).not.toContain("s3cret");
    expect(decryptSecrets(row[0].secretsEnc)).toEqual({ apiKey: "s3cret" });
    const list = await call(listRoute, { token: op });
    expect(JSON.stringify(list.json)).not.toContain("s3cret");
    expect(JSON.stringify(list.json)).not.toContain(row[0].secretsEnc);

    const dup = await call(createRoute, { token: op, body: { name: "s-ok", kind: "test-static" } });
    expect(dup.status).toBe(409);
  });

  it("viewers cannot create or run sources", async () => {
    const v = await tokenFor("viewer");
    expect((await call(createRoute, { token: v, body: { name: "s-v", kind: "test-static" } })).status).toBe(
      403,
    );
  });

  it("a run records its result on the source, also when the connector fails", async () => {
    const op = await tokenFor("operator");
    const good = await call(createRoute, {
      token: op,
      body: { name: "s-run", kind: "test-static", secrets: { apiKey: "s3cret" } },
    });
    const before = pulls;
    const r = await call(runRoute, { method: "POST", token: op, params: { id: good.json.id } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("ok");
    expect(pulls).toBe(before + 1);

    const failing = await call(createRoute, {
      token: op,
      body: { name: "s-fail", kind: "test-static", config: { fail: true } },
    });
    const f = await call(runRoute, { method: "POST", token: op, params: { id: failing.json.id } });
    expect(f.json).toMatchObject({ status: "error", message: "upstream answered 503" });
    const src = await db().query<{ lastStatus: string; lastError: string }>(
      `SELECT "lastStatus", "lastError" FROM source WHERE id = $1`,
      [failing.json.id],
    );
    expect(src[0]).toEqual({ lastStatus: "error", lastError: "upstream answered 503" });
    const runs = await db().query(`SELECT status FROM source_run WHERE "sourceId" = $1`, [failing.json.id]);
    expect(runs).toEqual([{ status: "error" }]);
    expect(
      (
        await call(runRoute, {
          method: "POST",
          token: op,
          params: { id: "00000000-0000-0000-0000-000000000000" },
        })
      ).status,
    ).toBe(404);
  });
});
