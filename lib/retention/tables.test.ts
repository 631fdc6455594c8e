import { describe, expect, it } from "vitest";
import { effectiveDays, partitionExpired, RETENTION_TABLES, retentionProblem } from "./tables";

describe("retention settings", () => {
  it("defaults keep every rollup longer than the raw rows it summarises", () => {
    expect(retentionProblem(effectiveDays({}))).toBeNull();
    for (const t of RETENTION_TABLES.filter((x) => x.kind === "rollup"))
      for (const raw of t.of ?? []) expect(t.defaultDays).toBeGreaterThan(effectiveDays({})[raw]);
  });

  it("refuses a rollup kept shorter than its raw table, and out-of-range days", () => {
    expect(retentionProblem(effectiveDays({ policy_decision: 500 }))).toMatch(
      /policy_deny_rate_minute: keep it at least as long as policy_decision/,
    );
    expect(retentionProblem(effectiveDays({ telemetry_flow: 0 }))).toMatch(/telemetry_flow: a whole number/);
    expect(retentionProblem(effectiveDays({ telemetry_flow: 1.5 }))).toMatch(/whole number/);
  });

  it("a partition goes only when all of it is older than the cutoff; DEFAULT never", () => {
    const now = new Date("2026-03-15T00:00:00Z");
    expect(partitionExpired(new Date("2026-01-01T00:00:00Z"), now, 30)).toBe(true);
    expect(partitionExpired(new Date("2026-02-14T00:00:00Z"), now, 30)).toBe(false);
    expect(partitionExpired(new Date("2026-02-13T00:00:00Z"), now, 30)).toBe(true);
    expect(partitionExpired(null, now, 1)).toBe(false);
  });
});
