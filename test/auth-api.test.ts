// Bearer tokens on /api/v1/*: 401 without or with a bad/expired/revoked token, 403 with the wrong scope
// or role, and the happy paths. Also bad input on a JSON route: a clear 4xx, nothing written.
import { describe, expect, it } from "vitest";
import { POST as createUserRoute } from "@/app/api/v1/users/route";
import { GET as kpis } from "@/app/api/v1/kpis/route";
import { GET as listTokensRoute } from "@/app/api/v1/tokens/route";
import { DELETE as revokeRoute } from "@/app/api/v1/tokens/[id]/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { setDisabled } from "@/lib/auth/users";
import { call, db, makeToken, makeUser, tokenFor } from "./fixtures";

describe("API token authentication", () => {
  it("401 without a token and with a malformed or unknown one", async () => {
    expect((await call(kpis, { path: "/api/v1/kpis" })).status).toBe(401);
    const bad = await call(kpis, { path: "/api/v1/kpis", headers: { authorization: "Basic abc" } });
    expect(bad.status).toBe(401);
    expect(bad.json.error.message).toMatch(/Bearer/);
    const unknown = await call(kpis, { path: "/api/v1/kpis", token: "pst_nope" });
    expect(unknown.status).toBe(401);
  });

  it("200 with a read token; 403 with only the ingest scope", async () => {
    const u = await makeUser("viewer");
    const ok = await call(kpis, { path: "/api/v1/kpis", token: await makeToken(u.id, ["read"]) });
    expect(ok.status).toBe(200);
    expect(ok.json).toHaveProperty("rotationOnSchedule");
    expect(ok.json).toHaveProperty("mtlsCoverage");
    const wrong = await call(kpis, { path: "/api/v1/kpis", token: await makeToken(u.id, ["ingest"]) });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toMatch(/"read" scope/);
  });

  it("rejects expired and revoked tokens and tokens of disabled users", async () => {
    const u = await makeUser("operator");
    const expired = await makeToken(u.id, ["read"], 1);
    await new Promise((r) => setTimeout(r, 5));
    const e = await call(kpis, { path: "/api/v1/kpis", token: expired });
    expect(e.status).toBe(401);
    expect(e.json.error.message).toMatch(/expired/);

    const t = await makeToken(u.id, ["read", "write"]);
    const list = await call(listTokensRoute, { path: "/api/v1/tokens", token: t });
    const id = list.json.tokens[0].id as string;
    expect((await call(revokeRoute, { method: "DELETE", token: t, params: { id } })).status).toBe(200);
    const r = await call(kpis, { path: "/api/v1/kpis", token: t });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/revoked/);

    const v = await makeUser("viewer");
    const vt = await makeToken(v.id, ["read"]);
    await setDisabled(SYSTEM_ACTOR, v.id, true);
    expect((await call(kpis, { path: "/api/v1/kpis", token: vt })).status).toBe(401);
  });

  it("records last use", async () => {
    const u = await makeUser("viewer");
    const t = await makeToken(u.id, ["read"]);
    await call(kpis, { path: "/api/v1/kpis", token: t });
    const rows = await db().query<{ lastUsedAt: Date | null }>(`SELECT "lastUsedAt" FROM api_token WHERE "userId" = $1`, [u.id]);
    expect(rows[0].lastUsedAt).not.toBeNull();
  });
});

describe("roles on mutating routes", () => {
  it("only admins create users; others get 403 and nothing is written", async () => {
    for (const role of ["viewer", "operator", "risk_manager"] as const) {
      const t = await tokenFor(role);
      const email = `x-${role}@test.local`;
      const r = await call(createUserRoute, { token: t, body: { email, name: "X", role: "viewer", password: "a-long-password-1" } });
      expect(r.status, role).toBe(403);
      expect(await db().query(`SELECT 1 FROM "user" WHERE email = $1`, [email])).toHaveLength(0);
    }
    const admin = await tokenFor("admin");
    const ok = await call(createUserRoute, { token: admin, body: { email: "made@test.local", name: "M", role: "operator", password: "a-long-password-1" } });
    expect(ok.status).toBe(201);
  });

  it("bad input: malformed JSON, wrong fields, oversized body, duplicate email → 4xx with a message", async () => {
    const admin = await tokenFor("admin");
    const malformed = await call(createUserRoute, { token: admin, body: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toMatch(/not valid JSON/);
    const invalid = await call(createUserRoute, { token: admin, body: { email: "nope", name: "", role: "god", password: "short" } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "name", "password", "role"]);
    const huge = await call(createUserRoute, { token: admin, body: { email: "h@test.local", name: "x".repeat(2_000_000), role: "viewer", password: "a-long-password-1" } });
    expect(huge.status).toBe(413);
    const again = await call(createUserRoute, { token: admin, body: { email: "made@test.local", name: "M", role: "operator", password: "a-long-password-1" } });
    expect(again.status).toBe(409);
  });
});
