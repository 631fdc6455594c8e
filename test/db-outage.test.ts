// attack: the database goes away. Every route answers 503 with Retry-After (the client may retry), never a
// 500 — through the real route wrapper, with the pool pointed at a port where no PostgreSQL listens.
import { describe, expect, it, vi } from "vitest";

// Server actions take the user from the request's cookies (next/headers), which exist only inside Next.js;
// the session is not what is under test here, the wrapper's answer to the outage is.
vi.mock("@/lib/auth/session", () => ({
  requireUser: async () => ({ via: "session", userId: "u", email: "u@x", name: "u", role: "admin" }),
}));

process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/posture_gone"; // port 9 (discard): refused

describe("database outage", () => {
  it("attack: API routes answer 503 (not 500) while the database is unreachable", async () => {
    const { call } = await import("./fixtures");
    const kpis = await import("@/app/api/v1/kpis/route");
    const risks = await import("@/app/api/v1/risks/route");
    // A Bearer token is looked up in the database: the outage shows on the first query.
    const read = await call(kpis.GET, { path: "/api/v1/kpis", token: "pst_anything" });
    expect(read.status).toBe(503);
    expect(read.res.headers.get("retry-after")).toBeTruthy();
    expect(read.json.error.code).toBe("unavailable");
    const write = await call(risks.POST, { token: "pst_anything", body: { title: "x" } });
    expect(write.status).toBe(503);
  });

  it("attack: server actions report the outage as form state instead of an error page", async () => {
    const { formAction } = await import("@/lib/http/action");
    const { pool } = await import("@/lib/db/pool");
    const action = formAction("read", async () => {
      await pool().query("SELECT 1");
      return { ok: true };
    });
    const state = await action({}, new FormData());
    expect(state.ok).toBe(false);
    expect(state.message).toMatch(/database cannot be reached/);
  });
});
