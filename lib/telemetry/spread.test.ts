import { describe, expect, it } from "vitest";
import { spreadOverMinutes } from "./query-result";

describe("spreading a pulled increase over its range", () => {
  it("splits in proportion to each minute's part of the range; the parts add up to the whole", () => {
    const t = Date.UTC(2026, 10, 30, 12, 0, 30); // 12:00:30
    const parts = spreadOverMinutes(t - 150_000, t, 150); // 11:58:00 → 12:00:30
    expect(parts.map((p) => new Date(p.minuteMs).toISOString().slice(11, 16))).toEqual([
      "11:58",
      "11:59",
      "12:00",
    ]);
    expect(parts.map((p) => p.value)).toEqual([60, 60, 30]);
    const odd = spreadOverMinutes(t - 100_000, t, 1);
    expect(odd.reduce((a, p) => a + p.value, 0)).toBe(1);
  });

  it("an empty range keeps the value in the minute of its end", () => {
    expect(spreadOverMinutes(120_000, 120_000, 7)).toEqual([{ minuteMs: 120_000, value: 7 }]);
  });
});
