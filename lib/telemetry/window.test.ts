import { describe, expect, it } from "vitest";
import { coveragePercent, edgeRowsSql, splitWindow } from "./window";

const d = (s: string) => new Date(`2025-06-15T${s}Z`);

describe("splitWindow", () => {
  it("reads whole hours from the rollup and the ragged ends from minutes", () => {
    expect(splitWindow(d("09:30:00"), d("12:15:00"))).toEqual({
      minutes: [
        [d("09:30:00"), d("10:00:00")],
        [d("12:00:00"), d("12:15:00")],
      ],
      hours: [d("10:00:00"), d("12:00:00")],
    });
  });
  it("aligned windows read only hours; a window inside one hour reads only minutes", () => {
    expect(splitWindow(d("09:00:00"), d("11:00:00"))).toEqual({
      minutes: [],
      hours: [d("09:00:00"), d("11:00:00")],
    });
    expect(splitWindow(d("09:10:00"), d("09:50:00"))).toEqual({
      minutes: [[d("09:10:00"), d("09:50:00")]],
      hours: null,
    });
    expect(splitWindow(d("09:10:00"), d("10:50:00"))).toEqual({
      minutes: [[d("09:10:00"), d("10:50:00")]],
      hours: null,
    });
  });
  it("numbers parameters after those already present", () => {
    const params: unknown[] = ["x"];
    const sql = edgeRowsSql(d("09:30:00"), d("12:15:00"), params);
    expect(params).toHaveLength(7);
    expect(sql).toContain("$7");
    expect(sql).not.toContain("$8");
  });
  it("coverage is null without traffic", () => {
    expect(coveragePercent(0, 0)).toBeNull();
    expect(coveragePercent(1, 4)).toBe(25);
  });
});
