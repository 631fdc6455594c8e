import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period";
import { scheduledPeriod } from "./schedule";

describe("scheduled freezes", () => {
  it("monthly: on the 1st, the month just ended; other days nothing", () => {
    expect(scheduledPeriod("monthly", new Date("2026-11-01T01:30:00Z"))).toBe("2026-10");
    expect(scheduledPeriod("monthly", new Date("2026-01-01T01:30:00Z"))).toBe("2025-12");
    expect(scheduledPeriod("monthly", new Date("2026-11-02T01:30:00Z"))).toBeNull();
  });

  it("weekly: on Monday, Monday to Sunday of the week before (a period the report accepts)", () => {
    // 2026-11-23 is a Monday.
    const key = scheduledPeriod("weekly", new Date("2026-11-23T01:30:00Z"));
    expect(key).toBe("2026-11-16..2026-11-22");
    const p = parsePeriod(key, new Date("2026-11-23T01:30:00Z"));
    expect([p.from.toISOString(), p.to.toISOString()]).toEqual([
      "2026-11-16T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
    ]);
    expect(scheduledPeriod("weekly", new Date("2026-11-24T01:30:00Z"))).toBeNull();
    expect(scheduledPeriod("off", new Date("2026-11-01T01:30:00Z"))).toBeNull();
  });
});
