// Sign-in through Better Auth's real handler: wrong password, unknown user, disabled user, rate limit.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { auth } from "@/lib/auth/better-auth";
import { setDisabled } from "@/lib/auth/users";
import { db, makeUser } from "./fixtures";

function signIn(email: string, password: string, ip: string) {
  return auth().handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

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
    const limit = Number(process.env.POSTURE_LOGIN_RATE_PER_MIN ?? 10);
    const statuses: number[] = [];
    for (let i = 0; i < limit + 2; i++)
      statuses.push((await signIn("x@test.local", "wrong-password-123", "10.9.9.9")).status);
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await signIn("x@test.local", "wrong-password-123", "10.9.9.10")).status).toBe(401);
  });
});
