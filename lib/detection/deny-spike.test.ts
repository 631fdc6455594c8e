import { describe, expect, it } from "vitest";
import { BUCKET_MS, type DenyCount, evaluateDenySpike } from "./deny-spike";

const NOW = new Date("2025-06-15T09:15:00Z");
const at = (bucketsBack: number) => new Date(NOW.getTime() - bucketsBack * BUCKET_MS);
/** n buckets back from 1..k each with the given denies. */
const history = (k: number, denies: number): DenyCount[] =>
  Array.from({ length: k }, (_, i) => ({ bucket: at(i + 1), denies }));

describe("deny spike (over 5× the trailing 24 h median and at least 20 in 5 minutes)", () => {
  it("fires at 20 denies with a quiet history (median 0)", () => {
    expect(evaluateDenySpike([{ bucket: NOW, denies: 20 }], NOW)).toEqual({
      spike: true,
      current: 20,
      median: 0,
      since: NOW,
    });
  });
  it("does not fire below 20 however quiet the history", () => {
    expect(evaluateDenySpike([{ bucket: NOW, denies: 19 }], NOW).spike).toBe(false);
  });
  it("needs more than 5× the median: 4 per bucket all day → 20 is not a spike, 21 is", () => {
    // 288 trailing buckets of 4 → median 4, threshold > 20
    expect(evaluateDenySpike([...history(288, 4), { bucket: NOW, denies: 20 }], NOW)).toMatchObject({
      spike: false,
      median: 4,
    });
    expect(evaluateDenySpike([...history(288, 4), { bucket: NOW, denies: 21 }], NOW)).toMatchObject({
      spike: true,
      median: 4,
    });
  });
  it("counts missing buckets as zero: 100 buckets of 10 out of 288 → median 0", () => {
    // 188 zeros and 100 tens: sorted, positions 143 and 144 (0-based) are both 0 → median 0.
    expect(evaluateDenySpike([...history(100, 10), { bucket: NOW, denies: 20 }], NOW)).toMatchObject({
      spike: true,
      median: 0,
    });
  });
  it("dates the start of a run of spiking buckets", () => {
    const counts = [
      { bucket: at(2), denies: 30 },
      { bucket: at(1), denies: 40 },
      { bucket: NOW, denies: 50 },
    ];
    expect(evaluateDenySpike(counts, NOW).since).toEqual(at(2));
  });
});
