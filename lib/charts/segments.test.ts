import { describe, expect, it } from "vitest";
import { niceTicks, shapeOf } from "./segments";

describe("shapeOf", () => {
  it("joins consecutive known days and bridges gaps instead of leaving dots", () => {
    const s = shapeOf([10, 12, null, null, 15, null, 20, 21]);
    expect(s.solid.map((r) => r.map((p) => p.i))).toEqual([
      [0, 1],
      [6, 7],
    ]);
    expect(s.bridges.map(([a, b]) => [a.i, b.i])).toEqual([
      [1, 4],
      [4, 6],
    ]);
    expect(s.lonely.map((p) => p.i)).toEqual([4]);
    expect(s.gaps).toEqual([
      [2, 3],
      [5, 5],
    ]);
    expect(s.known).toBe(5);
  });

  it("marks missing days at the edges and keeps a single value visible", () => {
    const s = shapeOf([null, null, 7, null]);
    expect(s.solid).toEqual([]);
    expect(s.bridges).toEqual([]);
    expect(s.lonely).toEqual([{ i: 2, v: 7 }]);
    expect(s.gaps).toEqual([
      [0, 1],
      [3, 3],
    ]);
  });

  it("treats NaN and undefined as missing", () => {
    expect(shapeOf([Number.NaN, undefined, 1]).gaps).toEqual([[0, 1]]);
  });
});

describe("niceTicks", () => {
  it("covers the maximum with round steps", () => {
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
