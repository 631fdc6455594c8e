// Every role against every mutating route handler and every server action, found on disk. The table
// below says who may do what; a role outside it gets 403 and nothing is written (no audit event), a role in
// it gets past authorisation (whatever its empty input then earns). A route or action missing from the
// table must at least refuse viewers, so a new one that forgets its role check fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as signInRoute } from "@/app/api/auth/[...all]/route";
import { CAPABILITY_NAMES, ROLE_CAPABILITIES, ROLES, type Role, rolesWith } from "@/lib/auth/roles";
import { PEER_HEADER } from "@/lib/http/client-address";
import { call, db, makeUser, tokenFor } from "./fixtures";

const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
// Public by design: Better Auth's own endpoints (sign-in has its own tests).
const PUBLIC = new Set(["app/api/auth/[...all]/route.ts"]);

// Who holds each capability comes from the one table (lib/auth/roles.ts), pinned by the first test below;
// which capability each route needs is written out here, so a route that checks the wrong one fails.
const ALL = rolesWith("read");
const OPERATORS = rolesWith("operate");
const RISK = rolesWith("manageRisks");
const PUBLISHERS = rolesWith("publish");
const ADMINS = rolesWith("admin");

describe("the capability table", () => {
  it("gives each role exactly what the product promises", () => {
    expect(ROLE_CAPABILITIES).toEqual({
      viewer: ["read"],
      operator: ["read", "operate", "publish"],
      risk_manager: ["read", "manageRisks", "publish"],
      admin: ["read", "operate", "manageRisks", "publish", "admin"],
    });
    expect(Object.fromEntries(CAPABILITY_NAMES.map((c) => [c, rolesWith(c)]))).toEqual({
      read: ["viewer", "operator", "risk_manager", "admin"],
      operate: ["operator", "admin"],
      manageRisks: ["risk_manager", "admin"],
      publish: ["operator", "risk_manager", "admin"],
      admin: ["admin"],
    });
  });
});

/** Who may call each mutating route ("METHOD file") and server action ("file#export"). */
const ALLOWED: Record<string, Role[] | "session-only"> = {
  // Own things: one's password (signed in only, never a token) and one's saved filters.
  "POST app/api/v1/account/password/route.ts": "session-only",
  "PUT app/api/v1/risks/filters/route.ts": ALL,
  "POST app/api/v1/alerts/alertmanager/route.ts": OPERATORS,
  "POST app/api/v1/opa/logs/route.ts": OPERATORS,
  "POST app/api/v1/ingest/[kind]/route.ts": OPERATORS,
  "POST app/api/v1/agents/heartbeat/route.ts": OPERATORS,
  "POST app/api/v1/findings/[id]/escalate/route.ts": OPERATORS,
  "PUT app/api/v1/findings/rules/route.ts": OPERATORS,
  "POST app/api/v1/incidents/route.ts": OPERATORS,
  "PATCH app/api/v1/incidents/[id]/route.ts": OPERATORS,
  "POST app/api/v1/incidents/[id]/actions/route.ts": OPERATORS,
  "POST app/api/v1/sources/route.ts": OPERATORS,
  "DELETE app/api/v1/sources/[id]/route.ts": OPERATORS,
  "POST app/api/v1/sources/[id]/run/route.ts": OPERATORS,
  "POST app/api/v1/sources/test/route.ts": OPERATORS,
  "POST app/api/v1/tokens/route.ts": OPERATORS,
  "DELETE app/api/v1/tokens/[id]/route.ts": OPERATORS,
  // Publishing a frozen report: operators and risk managers.
  "POST app/api/v1/reports/snapshots/route.ts": PUBLISHERS,
  "POST app/api/v1/risks/route.ts": RISK,
  "PATCH app/api/v1/risks/[id]/route.ts": RISK,
  "POST app/api/v1/risks/[id]/acceptance/route.ts": RISK,
  "POST app/api/v1/risks/[id]/review/route.ts": RISK,
  "POST app/api/v1/risks/[id]/links/route.ts": RISK,
  "DELETE app/api/v1/risks/[id]/links/[linkId]/route.ts": RISK,
  "POST app/api/v1/risks/import/route.ts": RISK,
  "PUT app/api/v1/risks/settings/route.ts": RISK,
  "POST app/api/v1/kpis/snapshots/route.ts": ADMINS,
  "PUT app/api/v1/kpis/targets/route.ts": ADMINS,
  "PUT app/api/v1/reports/schedule/route.ts": ADMINS,
  "POST app/api/v1/users/route.ts": ADMINS,
  "PATCH app/api/v1/users/[id]/route.ts": ADMINS,
  "POST app/api/v1/users/[id]/password/route.ts": ADMINS,
  "POST app/api/v1/notifications/channels/route.ts": ADMINS,
  "PATCH app/api/v1/notifications/channels/[id]/route.ts": ADMINS,
  "DELETE app/api/v1/notifications/channels/[id]/route.ts": ADMINS,
  "POST app/api/v1/notifications/channels/[id]/test/route.ts": ADMINS,
  "POST app/api/v1/notifications/rules/route.ts": ADMINS,
  "PATCH app/api/v1/notifications/rules/[id]/route.ts": ADMINS,
  "DELETE app/api/v1/notifications/rules/[id]/route.ts": ADMINS,
  "POST app/api/v1/notifications/report-mails/route.ts": ADMINS,
  "DELETE app/api/v1/notifications/report-mails/[id]/route.ts": ADMINS,
  // Server actions.
  "app/(app)/account/actions.ts#changePasswordAction": ALL,
  "app/(app)/admin/actions.ts#createUserAction": ADMINS,
  "app/(app)/admin/actions.ts#setRoleAction": ADMINS,
  "app/(app)/admin/actions.ts#toggleDisabledAction": ADMINS,
  "app/(app)/admin/actions.ts#resetPasswordAction": ADMINS,
  "app/(app)/admin/actions.ts#setRetentionAction": ADMINS,
  "app/(app)/admin/organisation-actions.ts#setOrganisationAction": ADMINS,
  "app/(app)/findings/actions.ts#escalateAction": OPERATORS,
  "app/(app)/findings/actions.ts#ruleSettingAction": OPERATORS,
  "app/(app)/incidents/actions.ts#createIncidentAction": OPERATORS,
  "app/(app)/incidents/actions.ts#incidentAction": OPERATORS,
  "app/(app)/incidents/actions.ts#patchIncidentAction": OPERATORS,
  "app/(app)/tokens/actions.ts#createTokenAction": OPERATORS,
  "app/(app)/tokens/actions.ts#revokeTokenAction": OPERATORS,
  "app/(app)/tokens/actions.ts#revokeTokenForm": OPERATORS,
};

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return filesNamed(p, name);
    return e === name ? [p] : [];
  });
}

function filesMatching(dir: string, re: RegExp): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return filesMatching(p, re);
    return re.test(e) ? [p] : [];
  });
}

const routes = filesNamed("app/api", "route.ts").filter((f) => !PUBLIC.has(f));
// Server action modules: every file under app/ that starts with "use server".
const actionFiles = filesMatching("app", /\.tsx?$/).filter((f) =>
  /^\s*["']use server["']/.test(readFileSync(f, "utf8")),
);
const FAKE_ID = "00000000-0000-4000-8000-000000000000";

const auditCount = async () =>
  (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`))[0].n;

describe("every role against every mutating route", () => {
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    for (const r of ROLES) tokens[r] = await tokenFor(r, ["ingest", "read", "write"]);
  });

  it("finds the route handlers", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  for (const file of routes) {
    it(file, async () => {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      const params = Object.fromEntries(
        [...file.matchAll(/\[(\w+)\]/g)].map((m) => [m[1], m[1] === "kind" ? "policy" : FAKE_ID]),
      );
      for (const method of MUTATING) {
        const handler = mod[method] as Parameters<typeof call>[0] | undefined;
        if (!handler) continue;
        const rule = ALLOWED[`${method} ${file}`] ?? ALL.filter((r) => r !== "viewer");
        const known = `${method} ${file}` in ALLOWED;
        for (const role of ROLES) {
          const allowed = rule !== "session-only" && rule.includes(role);
          if (!known && role !== "viewer") continue; // unknown route: only the viewer rule is certain
          const before = await auditCount();
          const r = await call(handler, { method, token: tokens[role], body: {}, params });
          const what = `${role} ${method} ${file}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`;
          if (allowed) {
            expect(r.status, what).not.toBe(403);
            expect(r.status, what).not.toBe(401);
          } else {
            expect(r.status, what).toBe(403);
            expect(await auditCount(), `${what} wrote audit events`).toBe(before);
          }
        }
      }
    });
  }
});

// Server actions read the session from the request's cookies (next/headers), which exist only inside
// Next.js: the test hands them the cookie of a real Better Auth session of each role.
const requestHeaders = vi.hoisted(() => {
  // next.config.ts turns on authInterrupts (forbidden() → 403 page); Next.js passes it on in this variable.
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
  return { current: new Headers() };
});
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

/** Next.js signals forbidden() and redirect() by throwing errors that carry a digest. */
function digestOf(e: unknown): string {
  return String((e as { digest?: unknown })?.digest ?? (e as Error)?.message ?? e);
}

describe("every role against every server action", () => {
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    for (const role of ROLES) {
      const u = await makeUser(role);
      const res = await signInRoute(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            [PEER_HEADER]: `10.60.0.${ROLES.indexOf(role) + 1}`,
          },
          body: JSON.stringify({ email: u.email, password: u.password }),
        }),
      );
      expect(res.status).toBe(200);
      cookies[role] = (res.headers.get("set-cookie") ?? "").split(";")[0];
    }
  });

  it("finds the server actions", () => {
    expect(actionFiles.length).toBeGreaterThan(3);
  });

  for (const file of actionFiles) {
    it(file, async () => {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== "function") continue;
        const key = `${file}#${name}`;
        const rule = ALLOWED[key];
        for (const role of ROLES) {
          if (!rule && role !== "viewer") continue;
          const allowed = Array.isArray(rule) && rule.includes(role);
          requestHeaders.current = new Headers({ cookie: cookies[role] });
          const before = await auditCount();
          const form = new FormData();
          form.set("id", FAKE_ID);
          form.set("userId", FAKE_ID);
          let outcome = "returned";
          try {
            // Form-state actions take (previous state, form); plain form actions take (form).
            await (fn.length >= 2 ? fn({}, form) : fn(form));
          } catch (e) {
            outcome = digestOf(e);
          }
          const refused = /NEXT_HTTP_ERROR_FALLBACK;403/.test(outcome);
          const what = `${role} ${key}: ${outcome.slice(0, 200)}`;
          if (allowed) {
            expect(refused, what).toBe(false);
            expect(outcome, what).not.toMatch(/NEXT_REDIRECT;.*\/login/);
          } else {
            expect(refused, what).toBe(true);
            expect(await auditCount(), `${what} wrote audit events`).toBe(before);
          }
        }
      }
    });
  }
});
