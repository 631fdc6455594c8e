// Hostile input at every route: NUL and unpaired-surrogate strings, ids of 36 dashes, `?cluster=%00`,
// dates outside any timestamp, numbers outside any column, 100,000-character names. Every route file under
// app/api is found on disk (a new route is covered without editing this file) and called as an admin (so
// the request passes authorisation and reaches validation and the database) with such values in its path
// segments, query string and body. The answer must be a 4xx (or a 2xx when the value is storable after
// all), never a 5xx; one bad ingest record is rejected alone and the rest of its batch is stored.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, db, makeToken, makeUser } from "./fixtures";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const PUBLIC = new Set(["app/api/auth/[...all]/route.ts", "app/api/health/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return e === "route.ts" ? [p] : [];
  });
}
const files = routeFiles("app/api").filter((f) => !PUBLIC.has(f));

// The strings the probe found answered with 500, and their relatives.
const NASTY = [
  "\u0000",
  "prod\u0000",
  "\uD800",
  "x\uDC00y",
  "\uDBFF\uDBFF",
  "-".repeat(36),
  "x".repeat(100_000),
  "ä".repeat(5_000),
  "275760-09-13T00:00:00Z",
  "+275760-09-13",
  "-271821-04-20",
  "99999-12-31",
  "2026-02-30",
  "9999-99-99",
  "0000-00-00",
  "1e400",
  "-1",
  "NaN",
  "00000000-0000-0000-0000-00000000000g",
  "../../etc/passwd",
  "' OR 1=1 --",
  "%00",
  "{}",
];
const NASTY_NUMBERS = [1e308, -1e308, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 0.5, -0];

const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: "binary", maxLength: 40 }), // includes unpaired surrogates
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, [], {}, ["\u0000"], { "\u0000": 1 }) },
);

// Query parameters the routes read (and a few they do not): every GET gets hostile values for them.
const QUERY_NAMES = [
  "cluster",
  "period",
  "from",
  "to",
  "at",
  "format",
  "status",
  "severity",
  "q",
  "rule",
  "kind",
  "namespace",
  "workload",
  "limit",
  "offset",
  "cursor",
  "sort",
  "owner",
  "level",
  "facets",
  "result",
  "engine",
  "src",
  "dst",
  "window",
  "day",
];

// A valid body per mutating route, so one hostile field at a time reaches past the schema's other rules.
function baseBodies(adminEmail: string): Record<string, Record<string, unknown>> {
  return {
    "POST app/api/v1/risks/route.ts": {
      title: "Hostile input risk",
      owner: adminEmail,
      inherent: { likelihood: 3, impact: 3 },
      reviewDue: "2027-01-01",
    },
    "PATCH app/api/v1/risks/[id]/route.ts": { version: 1, title: "Renamed", reviewDue: "2027-02-01" },
    "POST app/api/v1/risks/[id]/links/route.ts": { kind: "kpi", ref: "certificates.expired", cluster: null },
    "POST app/api/v1/risks/[id]/acceptance/route.ts": { version: 1, decision: "approve", note: "ok" },
    "POST app/api/v1/risks/[id]/review/route.ts": { version: 1, note: "looked" },
    "PUT app/api/v1/risks/filters/route.ts": { query: "status=open" },
    "POST app/api/v1/incidents/route.ts": {
      title: "Hostile incident",
      severity: "high",
      cluster: "hostile",
      namespace: "ns",
      workload: "api",
      detectedAt: "2026-01-01T00:00:00Z",
      startedAt: "2025-12-31T23:00:00Z",
    },
    "PATCH app/api/v1/incidents/[id]/route.ts": { title: "Renamed incident", owner: "someone" },
    "POST app/api/v1/incidents/[id]/actions/route.ts": { action: "acknowledge", at: "2026-01-01T01:00:00Z" },
    "POST app/api/v1/sources/route.ts": {
      name: "hostile-source",
      kind: "prometheus",
      config: { url: "http://127.0.0.1:1/" },
      intervalSeconds: 300,
      cluster: "hostile",
    },
    "PUT app/api/v1/kpis/targets/route.ts": { metric: "certificates.expired", comparator: "<=", value: 0 },
    "POST app/api/v1/kpis/snapshots/route.ts": { from: "2026-01-01", to: "2026-01-01" },
    "POST app/api/v1/reports/snapshots/route.ts": { period: "30d", cluster: null },
    "PUT app/api/v1/reports/schedule/route.ts": { cadence: "off", cluster: null },
    "POST app/api/v1/users/route.ts": {
      email: "hostile@test.local",
      name: "Hostile",
      role: "viewer",
      password: "an unguessable passphrase 4711",
    },
    "PATCH app/api/v1/users/[id]/route.ts": { role: "viewer" },
    "POST app/api/v1/tokens/route.ts": { name: "hostile", scopes: ["read"], expiresIn: "1d" },
    "PUT app/api/v1/findings/rules/route.ts": { rule: "cert-expired", autoEscalate: false },
  };
}

/** Every leaf path of a value ("inherent.likelihood"), plus a key that is not there. */
function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  if (v && typeof v === "object" && !Array.isArray(v))
    return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return [prefix];
}

function withValueAt(base: Record<string, unknown>, at: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let o: Record<string, unknown> = copy;
  for (const k of at.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[at.at(-1) ?? "extra"] = value;
  return copy;
}

let token: string;
let adminEmail: string;
const realIds: Record<string, string> = {};

beforeAll(async () => {
  const admin = await makeUser("admin");
  adminEmail = admin.email;
  token = await makeToken(admin.id);
  realIds.user = (await makeUser("viewer")).id;
  const risks = await import("@/app/api/v1/risks/route");
  const r = await call(risks.POST, {
    token,
    body: { title: "Target risk", owner: adminEmail, inherent: { likelihood: 2, impact: 2 } },
  });
  realIds.risk = r.json.id;
  const incidents = await import("@/app/api/v1/incidents/route");
  const i = await call(incidents.POST, { token, body: { title: "Target incident", severity: "low" } });
  realIds.incident = i.json.id ?? i.json.incident?.id;
});

type RouteFn = Parameters<typeof call>[0];

describe("attack: hostile strings at every route answer 4xx, never 5xx", () => {
  it("finds the route handlers", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  for (const file of files) {
    it(file, async () => {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      const names = [...file.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
      const bodies = baseBodies(adminEmail);
      const seen: string[] = [];
      for (const method of METHODS) {
        const handler = mod[method] as RouteFn | undefined;
        if (!handler) continue;
        const base = bodies[`${method} ${file}`] ?? {};
        const paths = [...leafPaths(base), ["extra"]];
        await fc.assert(
          fc.asyncProperty(
            fc.record({
              // A real id half of the time, so the body is checked against a record that exists.
              params: fc.tuple(...names.map(() => fc.oneof(hostileString, fc.constant("__real__")))),
              query: fc.subarray(QUERY_NAMES, { maxLength: 4 }),
              queryValue: hostileString,
              field: fc.constantFrom(...paths),
              value: hostileValue,
            }),
            async ({ params, query, queryValue, field, value }) => {
              const p = Object.fromEntries(
                names.map((n, i) => {
                  const v = params[i];
                  if (n === "kind") return [n, v === "__real__" ? "policy" : v];
                  const real = file.includes("/risks/")
                    ? realIds.risk
                    : file.includes("/incidents/")
                      ? realIds.incident
                      : file.includes("/users/")
                        ? realIds.user
                        : "00000000-0000-4000-8000-000000000000";
                  return [n, v === "__real__" ? real : v];
                }),
              );
              const qs = new URLSearchParams(query.map((q) => [q, queryValue])).toString();
              const body =
                method === "GET" || method === "DELETE" ? undefined : withValueAt(base, field, value);
              const r = await call(handler, {
                method,
                token,
                params: p,
                path: `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}${qs ? `?${qs}` : ""}`,
                body,
              });
              seen.push(`${method} ${r.status}`);
              if (r.status >= 500) {
                throw new Error(
                  `${method} ${file} answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}\n` +
                    `params=${JSON.stringify(p).slice(0, 200)} query=${qs.slice(0, 200)} ` +
                    `body=${JSON.stringify(body)?.slice(0, 300)}`,
                );
              }
            },
          ),
          {
            numRuns: Number(process.env.HOSTILE_RUNS ?? 12),
            seed: Number(process.env.HOSTILE_SEED ?? 4711),
            endOnFailure: true,
          },
        );
      }
      expect(seen.length).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe("attack: one unstorable ingest record among good ones", () => {
  it("rejects NUL / lone-surrogate / 100,000-character records alone (line and field named), stores the rest", async () => {
    const ingest = await import("@/app/api/v1/ingest/[kind]/route");
    const lines = readFileSync("lib/demo/fixtures/policy/opa-decisions.jsonl", "utf8").trim().split("\n");
    const good = lines.slice(0, 4).map((l, i) => {
      const e = JSON.parse(l);
      return JSON.stringify({ ...e, decision_id: `hostile-good-${i}` });
    });
    const evil = (i: number, patch: (e: Record<string, unknown>) => void) => {
      const e = JSON.parse(lines[0]);
      e.decision_id = `hostile-evil-${i}`;
      patch(e);
      return JSON.stringify(e);
    };
    const body = [
      good[0],
      evil(1, (e) => {
        e.path = "authz/al\u0000low";
      }),
      good[1],
      evil(2, (e) => {
        e.path = "authz/\uD800";
      }),
      good[2],
      evil(3, (e) => {
        e.bundles = { "authz\u0000": { revision: "r1" } };
      }),
      good[3],
      evil(4, (e) => {
        e.bundles = { authz: { revision: "x".repeat(100_000) } };
      }),
    ].join("\n");
    const before = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_decision`);
    const r = await call(ingest.POST, {
      token,
      params: { kind: "policy" },
      path: "/api/v1/ingest/policy?format=opa&cluster=hostile",
      body,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ status: "partial", accepted: 4, rejectedCount: 4 });
    expect(r.json.rejected.map((x: { line: number }) => x.line)).toEqual([2, 4, 6, 8]);
    expect(r.json.rejected[0].reason).toMatch(/NUL/);
    expect(r.json.rejected[1].reason).toMatch(/surrogate/);
    expect(r.json.rejected[2].reason).toMatch(/NUL/);
    expect(r.json.rejected[3].reason).toMatch(/longer than/);
    const after = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_decision`);
    expect(after[0].n - before[0].n).toBe(4);
  });

  it("?cluster=%00 on ingest is a 400 naming the parameter", async () => {
    const ingest = await import("@/app/api/v1/ingest/[kind]/route");
    const r = await call(ingest.POST, {
      token,
      params: { kind: "policy" },
      path: "/api/v1/ingest/policy?cluster=%00",
      body: "{}",
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/cluster/);
  });
});
