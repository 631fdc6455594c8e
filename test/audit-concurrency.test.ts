// Attack: many mutations of every kind at once. "Run source now" appended its audit event outside a
// transaction, so concurrent calls chained two events onto the same predecessor: `audit verify` reported
// a break with no tampering, and some calls answered 500. Every audit write now goes through the
// transaction wrapper; afterwards the chain must verify and no request may have answered 5xx.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { PUT as putRule } from "@/app/api/v1/findings/rules/route";
import { POST as incidentActions } from "@/app/api/v1/incidents/[id]/actions/route";
import { POST as createIncident } from "@/app/api/v1/incidents/route";
import { PUT as putTarget } from "@/app/api/v1/kpis/targets/route";
import { POST as createRisk } from "@/app/api/v1/risks/route";
import { POST as runSource } from "@/app/api/v1/sources/[id]/run/route";
import { POST as createSource } from "@/app/api/v1/sources/route";
import { DELETE as revokeToken } from "@/app/api/v1/tokens/[id]/route";
import { POST as createToken } from "@/app/api/v1/tokens/route";
import { PATCH as patchUser } from "@/app/api/v1/users/[id]/route";
import { verifyChain } from "@/lib/audit/log";
import { registerConnector } from "@/lib/sources/connectors";
import { alertmanagerWebhook } from "./alertmanager-fixtures";
import { call, db, makeToken, makeUser } from "./fixtures";
import { postIngest } from "./post-ingest";

registerConnector({
  kind: "test-audit-race",
  label: "Static (tests)",
  description: "returns nothing",
  configSchema: z.object({}),
  secretFields: [],
  async pull() {
    return [];
  },
});

const ROUNDS = 6;

describe("the audit chain under concurrent mutations of every kind", () => {
  it("verifies afterwards, with one event per mutation and no 5xx", async () => {
    const admin = await makeUser("admin");
    const token = await makeToken(admin.id, ["ingest", "read", "write"]);
    const others = await Promise.all([makeUser("viewer"), makeUser("viewer")]);
    const source = await call(createSource, { token, body: { name: "race-src", kind: "test-audit-race" } });
    expect(source.status).toBe(201);
    const before = (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`))[0].n;

    const jobs: Promise<{ status: number; what: string }>[] = [];
    const run = (what: string, p: Promise<{ status: number }>) =>
      jobs.push(p.then((r) => ({ status: r.status, what })));
    for (let i = 0; i < ROUNDS; i++) {
      run("source.run", call(runSource, { token, params: { id: source.json.id } }));
      run("source.run", call(runSource, { token, params: { id: source.json.id } }));
      run(
        "incident.create+ack",
        call(createIncident, {
          token,
          body: {
            title: `race ${i}`,
            severity: "low",
            cluster: undefined,
            detectedAt: "2025-07-07T10:00:00Z",
          },
        }).then(async (r) =>
          r.status === 201
            ? call(incidentActions, { token, params: { id: r.json.id }, body: { action: "acknowledge" } })
            : r,
        ),
      );
      run(
        "alerts",
        call(alertmanagerRoute, {
          token,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(
            alertmanagerWebhook(
              ["cart", "ledger", "search"].map((w, j) => ({
                labels: {
                  alertname: "KubePodCrashLooping",
                  cluster: "audit-race",
                  namespace: "shop",
                  pod: `${w}-7f9d8c6b5-9xk2m`,
                  n: `${i}`,
                },
                annotations: { summary: `${w} crash looping` },
                startsAt: new Date(Date.UTC(2025, 6, 7, 9, i, j)).toISOString(),
                fingerprint: `ac${i}${j}`.padEnd(16, "0"),
              })),
              { groupKey: `{}:{race="${i}"}` },
            ),
          ),
        }),
      );
      run(
        "falco",
        postIngest(
          token,
          "alerts?format=falco&cluster=audit-race",
          JSON.stringify({
            time: new Date(Date.UTC(2025, 6, 7, 9, i, 30)).toISOString(),
            rule: "Terminal shell in container",
            priority: "Notice",
            output: "shell",
            output_fields: { "k8s.ns.name": "shop", "k8s.pod.name": "cart-7f9d8c6b5-9xk2m" },
          }),
        ),
      );
      run(
        "rule.setting",
        call(putRule, { method: "PUT", token, body: { rule: "deny-spike", autoEscalate: i % 2 === 0 } }),
      );
      run(
        "token.create+revoke",
        call(createToken, { token, body: { name: `race-${i}`, scopes: ["read"], expiresIn: "1d" } }).then(
          (r) =>
            r.status === 201 ? call(revokeToken, { method: "DELETE", token, params: { id: r.json.id } }) : r,
        ),
      );
      run(
        "risk.create",
        call(createRisk, {
          token,
          body: {
            title: `Race risk ${i}`,
            owner: admin.email,
            category: "mesh",
            clusters: [],
            inherent: { likelihood: 3, impact: 3 },
            residual: { likelihood: 2, impact: 3 },
            target: { likelihood: 1, impact: 3 },
          },
        }),
      );
      run(
        "kpi.target",
        call(putTarget, {
          method: "PUT",
          token,
          body: { metric: "mtlsCoverage.percent", comparator: ">=", value: 90 + i },
        }),
      );
      run(
        "user.role",
        call(patchUser, {
          method: "PATCH",
          token,
          params: { id: others[i % 2].id },
          body: { role: i % 2 ? "operator" : "risk_manager" },
        }),
      );
    }
    const results = await Promise.all(jobs);
    const failed = results.filter((r) => r.status >= 500);
    expect(failed).toEqual([]);
    // One run per source at a time: a "Run now" during another run is a 409, never a 500.
    expect(results.filter((r) => r.status >= 400 && !(r.what === "source.run" && r.status === 409))).toEqual(
      [],
    );

    const v = await verifyChain(db());
    expect(v).toMatchObject({ ok: true });
    const after = (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    expect(v.count).toBe(after);
    const runs = await db().query(`SELECT 1 FROM audit_event WHERE action = 'source.run'`);
    expect(runs.length).toBeGreaterThan(0);
    expect(after - before).toBeGreaterThan(ROUNDS * 9);
  }, 240_000);
});
