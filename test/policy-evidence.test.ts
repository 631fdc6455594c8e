// Denied decisions are incident evidence (docs/kpis.md, incident timestamps): the sample's OPA denies by shop/frontend in
// eu-west-prod link to the incident the alerts open, and never open one by themselves.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const fixture = (domain: string, f: string) =>
  readFileSync(path.resolve(import.meta.dirname, `../lib/demo/fixtures/${domain}/${f}`), "utf8");

describe("denied decisions as incident evidence", () => {
  it("are recorded on ingest, open nothing alone, and link to the incident of the same workload", async () => {
    const token = await tokenFor("operator", ["ingest", "read", "write"]);
    const opa = await postIngest(token, "policy?format=opa", fixture("policy", "opa-decisions.jsonl"));
    expect(opa.status).toBe(201);
    const evidence = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident_evidence WHERE kind = 'decision'`,
    );
    // 10 of the 20 sample decisions are denies (8 with result.allowed=false, 2 with result=false).
    expect(evidence[0].n).toBe(10);
    expect(await db().query(`SELECT 1 FROM incident`)).toHaveLength(0);

    const firing = await call(alertmanagerRoute, {
      token,
      path: "/api/v1/alerts/alertmanager",
      body: fixture("incidents", "alertmanager-webhook.json"),
      headers: { "content-type": "application/json" },
    });
    expect(firing.status).toBe(201);
    const linked = await db().query<{ summary: string; namespace: string; workload: string }>(
      `SELECT e.summary, e.namespace, e.workload FROM incident_evidence e
         JOIN incident_evidence_link l ON l."evidenceId" = e.id WHERE e.kind = 'decision'`,
    );
    expect(linked.length).toBeGreaterThan(0);
    for (const l of linked) expect(l).toMatchObject({ namespace: "shop", workload: "frontend" });
  });
});
