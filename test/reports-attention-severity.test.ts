// Bug: the overview's "needs attention" turned an open incident of severity info into a "high" item (the
// incidents provider knew only four levels and defaulted the rest to high), so a note-level incident was
// listed among the alarming ones. The attention list uses the one scale of lib/severity.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/incidents/route";
import { GET as overviewRoute } from "@/app/api/v1/overview/route";
import { call, db, tokenFor } from "./fixtures";

const CLUSTER = "attention-sev";
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["read", "write"]);
  await db().query(`INSERT INTO cluster (name) VALUES ($1) ON CONFLICT DO NOTHING`, [CLUSTER]);
});

describe("overview attention: incidents keep their own severity", () => {
  it("an info incident is listed as info, after the more severe ones", async () => {
    for (const [title, severity] of [
      ["Audit policy changed in staging", "info"],
      ["Unexpected outbound connection from ledger", "critical"],
      ["Deprecated TLS version accepted", "low"],
    ]) {
      const made = await call(createRoute, {
        token,
        body: {
          title,
          severity,
          cluster: CLUSTER,
          namespace: "ops",
          workload: "ledger",
          detectedAt: "2026-11-29T08:00:00Z",
        },
      });
      expect(made.status, JSON.stringify(made.json)).toBe(201);
    }
    const r = await call(overviewRoute, { path: `/api/v1/overview?cluster=${CLUSTER}`, token });
    expect(r.status).toBe(200);
    const incidents = r.json.attention
      .filter((i: { kind: string }) => i.kind === "incident")
      .map((i: { title: string; severity: string }) => [i.title.replace(/^INC-\d+ /, ""), i.severity]);
    expect(incidents).toEqual([
      ["Unexpected outbound connection from ledger", "critical"],
      ["Deprecated TLS version accepted", "low"],
      ["Audit policy changed in staging", "info"],
    ]);
  });
});
