// Every mutating route handler under app/api, found on disk, refuses a viewer (even one whose token has
// every scope) with 403 and writes nothing — so a new route that forgets its role check fails here.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call, db, tokenFor } from "./fixtures";

const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
// Public by design: Better Auth's own endpoints (sign-in has its own tests).
const PUBLIC = new Set(["app/api/auth/[...all]/route.ts"]);
// A viewer's own preferences, not shared data: any signed-in user may change them (still audited).
const OWN_PREFERENCES = new Set(["PUT app/api/v1/risks/filters/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return e === "route.ts" ? [p] : [];
  });
}

const files = routeFiles("app/api").filter((f) => !PUBLIC.has(f));
const FAKE_ID = "00000000-0000-4000-8000-000000000000";

describe("viewers cannot change anything", () => {
  it("finds the route handlers", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(file, async () => {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      const params = Object.fromEntries(
        [...file.matchAll(/\[(\w+)\]/g)].map((m) => [m[1], m[1] === "kind" ? "policy" : FAKE_ID]),
      );
      const viewer = await tokenFor("viewer", ["ingest", "read", "write"]);
      for (const method of MUTATING) {
        const handler = mod[method] as Parameters<typeof call>[0] | undefined;
        if (!handler || OWN_PREFERENCES.has(`${method} ${file}`)) continue;
        const before = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`);
        const r = await call(handler, { method, token: viewer, body: {}, params });
        expect(r.status, `${method} ${file}: ${JSON.stringify(r.json)}`).toBe(403);
        const after = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`);
        expect(after[0].n, `${method} ${file} wrote audit events`).toBe(before[0].n);
      }
    });
  }
});
