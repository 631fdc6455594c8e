// The risks demo seeder: a dozen risks created through the register's services with back-dated history,
// an approved acceptance, a pending one, an expired one that reopened; wipe removes them.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import "@/lib/demo";
import { demoSeeders } from "@/lib/demo/registry";
import { db } from "./fixtures";

describe("risks demo seeder", () => {
  it("seeds a realistic register with history, then wipes it", async () => {
    const s = demoSeeders().find((x) => x.name === "risks");
    expect(s).toBeDefined();
    const now = new Date();
    const line = await s?.seed({ actor: SYSTEM_ACTOR, now });
    expect(line).toMatch(/^13 risks with \d+ revisions, 7 KPI evidence links$/);
    const risks = await db().query<{
      title: string;
      status: string;
      acceptanceState: string | null;
      version: number;
      updatedAt: Date;
    }>(`SELECT title, status, "acceptanceState", version, "updatedAt" FROM risk WHERE demo`);
    expect(risks).toHaveLength(13);
    const by = (t: string) => risks.find((r) => r.title.startsWith(t));
    expect(by("PERMISSIVE mTLS")).toMatchObject({ status: "accepted", acceptanceState: "approved" });
    expect(by("Istio control plane")).toMatchObject({ status: "open", acceptanceState: "pending" });
    expect(by("Workload certificates valid")).toMatchObject({ status: "open", acceptanceState: "expired" });
    expect(by("One root CA")).toMatchObject({ status: "closed" });
    // The story sits just before now.
    for (const r of risks) expect(r.updatedAt.getTime()).toBeLessThanOrEqual(now.getTime());
    const expired = await db().query<{ action: string; note: string }>(
      `SELECT v.action, v.note FROM risk_revision v JOIN risk r ON r.id = v."riskId" WHERE r.title LIKE 'Workload certificates valid%' ORDER BY v.version DESC LIMIT 1`,
    );
    expect(expired[0].action).toBe("acceptance.expire");
    expect(
      (
        await db().query(
          `SELECT 1 FROM risk_evidence_sample s JOIN risk_link l ON l.id = s."linkId" JOIN risk r ON r.id = l."riskId" WHERE r.demo`,
        )
      ).length,
    ).toBe(7 * 15);
    // Seeding again does not duplicate.
    expect(await s?.seed({ actor: SYSTEM_ACTOR, now })).toMatch(/already present/);
    const n = await withPgTransaction(pool(), (_c, sql) => (s as NonNullable<typeof s>).wipe(sql));
    expect(n).toBe(13);
    expect(await db().query(`SELECT 1 FROM risk WHERE demo`)).toHaveLength(0);
    expect(await db().query(`SELECT 1 FROM "user" WHERE email LIKE '%@demo.posture.invalid'`)).toHaveLength(
      0,
    );
  }, 120_000);
});
