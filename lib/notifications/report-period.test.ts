import { describe, expect, it } from "vitest";
import { lastCompletedPeriod } from "./report-period";

describe("lastCompletedPeriod", () => {
  it("monthly: the calendar month before now", () => {
    expect(lastCompletedPeriod("monthly", new Date("2026-11-30T10:00:00Z")).key).toBe("2026-10");
    expect(lastCompletedPeriod("monthly", new Date("2026-01-01T00:00:00Z")).key).toBe("2025-12");
  });
  it("weekly: the last full Monday-to-Sunday week (UTC)", () => {
    // 2026-11-30 is a Monday: the week just ended is 23..29 November.
    expect(lastCompletedPeriod("weekly", new Date("2026-11-30T00:30:00Z")).key).toBe(
      "2026-11-23..2026-11-29",
    );
    // A Sunday evening still reports the week before.
    expect(lastCompletedPeriod("weekly", new Date("2026-11-29T23:00:00Z")).key).toBe(
      "2026-11-16..2026-11-22",
    );
  });
});
