import { describe, expect, it } from "vitest";
import {
  aboveAppetite,
  DEFAULT_MATRIX,
  levelOf,
  matrixSchema,
  nextReviewDue,
  reviewDueAfterChange,
} from "./matrix";

const m = DEFAULT_MATRIX;

describe("default matrix", () => {
  it("levels by L×I: ≤4 low, ≤9 medium, ≤16 high, ≥20 critical", () => {
    expect(levelOf(m, 1, 1).key).toBe("low");
    expect(levelOf(m, 2, 2).key).toBe("low"); // 4
    expect(levelOf(m, 1, 5).key).toBe("medium"); // 5
    expect(levelOf(m, 3, 3).key).toBe("medium"); // 9
    expect(levelOf(m, 2, 5).key).toBe("high"); // 10
    expect(levelOf(m, 4, 4).key).toBe("high"); // 16
    expect(levelOf(m, 4, 5).key).toBe("critical"); // 20
    expect(levelOf(m, 5, 5).key).toBe("critical");
  });

  it("appetite medium: high and critical are above it", () => {
    expect(aboveAppetite(m, 3, 3)).toBe(false);
    expect(aboveAppetite(m, 2, 5)).toBe(true);
  });

  it("refuses scores outside 1–5", () => {
    expect(() => levelOf(m, 0, 3)).toThrow(RangeError);
    expect(() => levelOf(m, 3, 6)).toThrow(RangeError);
    expect(() => levelOf(m, 2.5, 3)).toThrow(RangeError);
  });
});

describe("review cadence", () => {
  const from = new Date("2026-01-01T00:00:00Z");
  it("adds the level's days: critical 14, high 30, medium 90, low 180", () => {
    expect(nextReviewDue(m, 5, 5, from).toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(nextReviewDue(m, 3, 4, from).toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(nextReviewDue(m, 3, 3, from).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(nextReviewDue(m, 1, 1, from).toISOString()).toBe("2026-06-30T00:00:00.000Z");
  });

  it("a worse level pulls the due date earlier; a better one keeps it", () => {
    const current = new Date("2026-04-01T00:00:00Z"); // medium cadence from Jan 1
    expect(reviewDueAfterChange(m, current, 5, 5, from).toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(reviewDueAfterChange(m, current, 1, 1, from).toISOString()).toBe("2026-04-01T00:00:00.000Z");
  });
});

describe("matrix setting validation", () => {
  it("accepts the default and refuses a bad grid, duplicate keys or an unknown appetite", () => {
    expect(matrixSchema.safeParse(m).success).toBe(true);
    const badGrid = { ...m, grid: m.grid.map((r) => r.map(() => 9)) };
    expect(matrixSchema.safeParse(badGrid).success).toBe(false);
    expect(matrixSchema.safeParse({ ...m, grid: m.grid.slice(0, 4) }).success).toBe(false);
    expect(matrixSchema.safeParse({ ...m, appetite: "none" }).success).toBe(false);
    expect(
      matrixSchema.safeParse({
        ...m,
        levels: [m.levels[0], m.levels[0]],
        grid: m.grid.map((r) => r.map(() => 0)),
        appetite: "low",
      }).success,
    ).toBe(false);
  });
});
