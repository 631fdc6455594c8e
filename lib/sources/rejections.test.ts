import { describe, expect, it } from "vitest";
import { summariseRejections } from "./rejections";

describe("batch rejection summary", () => {
  it("groups by reason, most frequent first, with the first places of each", () => {
    const stored = [
      { line: 2, reason: "not valid JSON" },
      { line: 5, reason: "missing decision_id" },
      { line: 7, reason: "not valid JSON" },
      { index: 3, reason: "not valid JSON" },
      { reason: "" },
    ];
    expect(summariseRejections(stored, 5)).toEqual({
      groups: [
        { reason: "not valid JSON", count: 3, where: ["line 2", "line 7", "record 3"] },
        { reason: "(no reason recorded)", count: 1, where: [] },
        { reason: "missing decision_id", count: 1, where: ["line 5"] },
      ],
      unlisted: 0,
    });
  });

  it("keeps five places per reason and counts the rejections not read", () => {
    const stored = Array.from({ length: 8 }, (_, i) => ({ line: i + 1, reason: "bad" }));
    const s = summariseRejections(stored, 1200);
    expect(s.groups[0]).toEqual({
      reason: "bad",
      count: 8,
      where: ["line 1", "line 2", "line 3", "line 4", "line 5"],
    });
    expect(s.unlisted).toBe(1192);
  });
});
