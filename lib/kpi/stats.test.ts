import { describe, expect, it } from "vitest";
import { durationStats, percentileCont } from "./stats";

describe("percentileCont (PostgreSQL percentile_cont)", () => {
  it("interpolates between closest ranks", () => {
    // positions: p90 of 4 values = 0.9*3 = 2.7 → 30 + 0.7*(40-30) = 37
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37);
    expect(percentileCont([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentileCont([58], 0.9)).toBe(58);
    expect(percentileCont([], 0.5)).toBeNull();
  });
  it("summarises durations with n, mean, median, p90", () => {
    // sorted 30, 60, 120, 1800: median = (60+120)/2; p90 at rank 2.7 = 120 + 0.7·(1800−120) = 1296
    const s = durationStats([60, 120, 1800, 30]);
    expect(s).toMatchObject({ n: 4, meanSeconds: 502.5, medianSeconds: 90 });
    expect(s.p90Seconds).toBeCloseTo(1296, 9);
    expect(durationStats([], 2)).toEqual({
      n: 0,
      meanSeconds: null,
      medianSeconds: null,
      p90Seconds: null,
      excluded: 2,
    });
  });
});
