// Sign-in through the real route (app/api/auth/[...all] → lib/auth/auth-route.ts → Better Auth): wrong
// password, unknown user, disabled user, the per-address limit that a forged X-Forwarded-For cannot dodge,
// and the per-account lock with back-off.
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { setDisabled } from "@/lib/auth/users";
import { env, reloadEnv } from "@/lib/config/env";
import { PEER_HEADER } from "@/lib/http/client-address";
import { db, makeUser } from "./fixtures";

/** A sign-in as scripts/web.mjs hands it on: the connection's peer stamped, whatever else the client sent. */
function signIn(email: string, password: string, peer: string, extra: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        [PEER_HEADER]: peer,
        ...extra,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

afterEach(() => {
  delete process.env.POSTURE_TRUSTED_PROXIES;
  reloadEnv();
});

describe("sign-in", () => {
  it("accepts the right password and stores a session with an httpOnly SameSite cookie", async () => {
    const u = await makeUser("operator");
    const res = await signIn(u.email, u.password, "10.0.0.1");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const s = await db().query(`SELECT 1 FROM session WHERE "userId" = $1`, [u.id]);
    expect(s).toHaveLength(1);
  });

  it("refuses a wrong password and an unknown user with 401 and writes no session", async () => {
    const u = await makeUser("viewer");
    expect((await signIn(u.email, "wrong-password-123", "10.0.0.2")).status).toBe(401);
    expect((await signIn("nobody@test.local", "whatever-password", "10.0.0.2")).status).toBe(401);
    expect(await db().query(`SELECT 1 FROM session WHERE "userId" = $1`, [u.id])).toHaveLength(0);
  });

  it("refuses a disabled user with a message", async () => {
    const u = await makeUser("viewer");
    await setDisabled(SYSTEM_ACTOR, u.id, true);
    const res = await signIn(u.email, u.password, "10.0.0.3");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/disabled/);
  });

  it("rate-limits sign-in attempts per client address", async () => {
    const limit = env().POSTURE_LOGIN_RATE_PER_MIN;
    const statuses: number[] = [];
    // Different (unknown) accounts, so only the per-address limit can answer 429.
    for (let i = 0; i < limit + 2; i++)
      statuses.push((await signIn(`x${i}@test.local`, "wrong-password-123", "10.9.9.9")).status);
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await signIn("y@test.local", "wrong-password-123", "10.9.9.10")).status).toBe(401);
  });

  it("attack: 30 wrong passwords, each with a new forged X-Forwarded-For, are limited; the right one is refused while locked", async () => {
    const u = await makeUser("admin");
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const forged = { "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` };
      statuses.push((await signIn(u.email, `wrong-password-${i}`, "203.0.113.50", forged)).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    const right = await signIn(u.email, u.password, "203.0.113.51", { "x-forwarded-for": "192.0.2.1" });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db().query(`SELECT 1 FROM session WHERE "userId" = $1`, [u.id])).toHaveLength(0);
  });

  it("attack: many real addresses guessing one account lock that account, with a back-off that grows", async () => {
    const u = await makeUser("operator");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn(u.email, `guess-${i}-password`, `100.64.0.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await signIn(u.email, u.password, "100.64.1.1");
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { code: string }).code).toBe("ACCOUNT_LOCKED");
    const first = Number(locked.headers.get("retry-after"));
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThanOrEqual(60);
    // Let the lock run out (as if a minute passed), fail again: the next lock is twice as long.
    await db().query(`UPDATE sign_in_lock SET "lockedUntil" = now() - interval '1 s' WHERE account = $1`, [
      u.email,
    ]);
    expect((await signIn(u.email, "one-more-guess-123", "100.64.2.1")).status).toBe(401);
    const second = Number((await signIn(u.email, u.password, "100.64.2.2")).headers.get("retry-after"));
    expect(second).toBeGreaterThan(60);
    expect(second).toBeLessThanOrEqual(120);
    // Once the lock has run out, the right password works and clears the count.
    await db().query(`UPDATE sign_in_lock SET "lockedUntil" = now() - interval '1 s' WHERE account = $1`, [
      u.email,
    ]);
    expect((await signIn(u.email, u.password, "100.64.3.1")).status).toBe(200);
    expect(await db().query(`SELECT 1 FROM sign_in_lock WHERE account = $1`, [u.email])).toHaveLength(0);
  });

  it("believes X-Forwarded-For only when the peer is a configured proxy", async () => {
    process.env.POSTURE_TRUSTED_PROXIES = "10.20.0.0/16";
    const limit = reloadEnv().POSTURE_LOGIN_RATE_PER_MIN;
    // Behind the trusted proxy, each real client has its own budget…
    for (let i = 0; i < limit + 2; i++) {
      const r = await signIn(`p${i}@test.local`, "wrong-password-123", "10.20.0.5", {
        "x-forwarded-for": `192.0.2.${i + 1}`,
      });
      expect(r.status).toBe(401);
    }
    // …while a client that prepends a forged hop is still counted as the address the proxy saw.
    const statuses: number[] = [];
    for (let i = 0; i < limit + 2; i++) {
      const r = await signIn(`q${i}@test.local`, "wrong-password-123", "10.20.0.5", {
        "x-forwarded-for": `198.51.100.${i + 1}, 192.0.2.200`,
      });
      statuses.push(r.status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it("attack: NUL, unpaired surrogates and 100,000-character credentials answer 4xx, never 5xx", async () => {
    const u = await makeUser("viewer");
    for (const [email, password] of [
      [`${u.email}\u0000`, "x"],
      ["\uD800@test.local", "whatever-password"],
      [u.email, "pass\u0000word-123456"],
      [u.email, "\uDC00".repeat(20)],
      ["x".repeat(100_000), "y".repeat(100_000)],
    ]) {
      const r = await signIn(email, password, "10.77.0.1");
      expect(r.status, `${email.slice(0, 20)} / ${password.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });

  it("Better Auth's own password change endpoint is closed (it would skip the strength check and audit)", async () => {
    const res = await POST(
      new Request("http://localhost:3000/api/auth/change-password", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify({ currentPassword: "a", newPassword: "b", revokeOtherSessions: false }),
      }),
    );
    expect(res.status).toBe(404);
  });
});
