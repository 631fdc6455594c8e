// Passwords after an account exists: the user's own change (current password required, other sessions end,
// audited) and an admin's reset (all sessions end, audited), through the real routes and Better Auth's
// real sign-in; and the strength rule that refuses common passwords everywhere a password is set.
import { describe, expect, it } from "vitest";
import { POST as signInRoute } from "@/app/api/auth/[...all]/route";
import { POST as changeOwn } from "@/app/api/v1/account/password/route";
import { POST as resetOther } from "@/app/api/v1/users/[id]/password/route";
import { POST as createUserRoute } from "@/app/api/v1/users/route";
import { PEER_HEADER } from "@/lib/http/client-address";
import { call, db, makeToken, makeUser, tokenFor } from "./fixtures";

const ORIGIN = "http://localhost:3000";

async function signIn(email: string, password: string, peer = "10.50.0.1") {
  const res = await signInRoute(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, [PEER_HEADER]: peer },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  return { status: res.status, cookie };
}

const sessions = (userId: string) =>
  db().query<{ id: string }>(`SELECT id FROM session WHERE "userId" = $1`, [userId]);
const auditOf = (action: string, userId: string) =>
  db().query<{ data: Record<string, unknown> }>(
    `SELECT data FROM audit_event WHERE action = $1 AND "targetId" = $2`,
    [action, userId],
  );

describe("changing one's own password", () => {
  it("attack: after a password change, a session opened elsewhere (a thief's) no longer works", async () => {
    const u = await makeUser("viewer");
    const mine = await signIn(u.email, u.password, "10.50.0.1");
    const thief = await signIn(u.email, u.password, "10.50.0.2");
    expect(mine.status).toBe(200);
    expect(thief.status).toBe(200);
    expect(await sessions(u.id)).toHaveLength(2);

    const r = await call(changeOwn, {
      headers: { cookie: mine.cookie, origin: ORIGIN },
      body: { currentPassword: u.password, newPassword: "violet anchors drift past 1987 lighthouses" },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toEqual({ sessionsEnded: 1 });
    // The thief's session is gone; mine stays.
    expect(await sessions(u.id)).toHaveLength(1);
    const still = await call(changeOwn, {
      headers: { cookie: thief.cookie, origin: ORIGIN },
      body: { currentPassword: "x", newPassword: "y" },
    });
    expect(still.status).toBe(401);
    // Audited, without the password.
    const events = await auditOf("user.password.change", u.id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual({ email: u.email, sessionsEnded: 1 });
    expect(JSON.stringify(events[0].data)).not.toMatch(/violet/);
    // The old password no longer signs in; the new one does.
    expect((await signIn(u.email, u.password, "10.50.0.3")).status).toBe(401);
    expect((await signIn(u.email, "violet anchors drift past 1987 lighthouses", "10.50.0.3")).status).toBe(
      200,
    );
  });

  it("requires the current password, refuses common passwords, and is not for API tokens", async () => {
    const u = await makeUser("operator");
    const s = await signIn(u.email, u.password, "10.50.1.1");
    const wrong = await call(changeOwn, {
      headers: { cookie: s.cookie, origin: ORIGIN },
      body: { currentPassword: "not-my-password-at-all", newPassword: "violet anchors drift past 1987" },
    });
    expect(wrong.status).toBe(403);
    const common = await call(changeOwn, {
      headers: { cookie: s.cookie, origin: ORIGIN },
      body: { currentPassword: u.password, newPassword: "password1234" },
    });
    expect(common.status).toBe(400);
    expect(common.json.error.message).toMatch(/too easy to guess/);
    const foreign = await call(changeOwn, {
      headers: { cookie: s.cookie, origin: "https://evil.example" },
      body: { currentPassword: u.password, newPassword: "violet anchors drift past 1987" },
    });
    expect(foreign.status).toBe(403);
    const viaToken = await call(changeOwn, {
      token: await makeToken(u.id),
      body: { currentPassword: u.password, newPassword: "violet anchors drift past 1987" },
    });
    expect(viaToken.status).toBe(403);
    expect(await auditOf("user.password.change", u.id)).toHaveLength(0);
    expect((await signIn(u.email, u.password, "10.50.1.2")).status).toBe(200);
  });

  it("attack: guessing the current password from a stolen session runs into the account lock", async () => {
    const u = await makeUser("viewer");
    const s = await signIn(u.email, u.password, "10.50.2.1");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call(changeOwn, {
        headers: { cookie: s.cookie, origin: ORIGIN },
        body: { currentPassword: `guess-number-${i}`, newPassword: "violet anchors drift past 1987" },
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("an admin resets another user's password", () => {
  it("attack: a reset signs the user out everywhere, is audited, and the one-time password works", async () => {
    const admin = await tokenFor("admin");
    const u = await makeUser("risk_manager");
    await signIn(u.email, u.password, "10.50.3.1");
    await signIn(u.email, u.password, "10.50.3.2");
    expect(await sessions(u.id)).toHaveLength(2);
    const r = await call(resetOther, { token: admin, params: { id: u.id }, body: {} });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.sessionsEnded).toBe(2);
    expect(typeof r.json.password).toBe("string");
    expect(await sessions(u.id)).toHaveLength(0);
    expect((await auditOf("user.password.reset", u.id))[0].data).toMatchObject({ generated: true });
    expect((await signIn(u.email, u.password, "10.50.3.3")).status).toBe(401);
    expect((await signIn(u.email, r.json.password, "10.50.3.3")).status).toBe(200);

    const weak = await call(resetOther, {
      token: admin,
      params: { id: u.id },
      body: { password: "qwertyuiop123" },
    });
    expect(weak.status).toBe(400);
  });

  it("only admins may reset, and not their own password this way", async () => {
    const u = await makeUser("viewer");
    for (const role of ["viewer", "operator", "risk_manager"] as const) {
      const r = await call(resetOther, { token: await tokenFor(role), params: { id: u.id }, body: {} });
      expect(r.status).toBe(403);
    }
    const a = await makeUser("admin");
    const self = await call(resetOther, { token: await makeToken(a.id), params: { id: a.id }, body: {} });
    expect(self.status).toBe(400);
  });
});

describe("new accounts", () => {
  it("attack: password1234 is refused when an admin creates a user", async () => {
    const r = await call(createUserRoute, {
      token: await tokenFor("admin"),
      body: { email: "weak@test.local", name: "Weak", role: "viewer", password: "password1234" },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/password: is too easy to guess/);
  });
});
