import { describe, expect, it } from "vitest";
import {
  DEFAULT_TARGETS,
  flattenFigures,
  formatValue,
  type MetricKey,
  metricValue,
  targetStatus,
} from "@/lib/kpi/targets";
import { type Figure, summarise } from "./summary";

const t = DEFAULT_TARGETS;
/** A figure against its default target. */
const fig = (key: MetricKey, previous: number | null, current: number | null): Figure => ({
  key,
  previous,
  current,
  target: t[key],
});

describe("executive summary sentences", () => {
  it("states the move of each figure with both values, its target and the cause, worst news first", () => {
    const figures: Figure[] = [
      // 98 → 91 with target ≥ 99: missed, and fell.
      fig("rotationOnSchedule.percent", 98, 91),
      // 96.4 → 97.25 with target ≥ 95: met, rose (good).
      fig("mtlsCoverage.percent", 96.4, 97.25),
      // MTTD 300 s → 58 s: fell (good), met (≤ 900 s).
      fig("mttd.medianSeconds", 300, 58),
      // 0.2 points: not material, target met: no sentence.
      fig("mtlsCoverage.crossClusterPercent", 100, 100),
    ];
    const s = summarise({
      figures,
      causes: {
        "rotationOnSchedule.percent": "6 certificates of issuer X renewed late in cluster eu-west-prod",
      },
      incidents: 1,
      query: "?period=2026-10",
    });
    expect(s.map((x) => x.text)).toEqual([
      // 3 of the 4 targets are met (rotation is not).
      "3 of 4 measured KPIs with a target met it.",
      "Certificates renewed on schedule fell from 98 % to 91 %, short of the target of ≥ 99 %, because 6 certificates of issuer X renewed late in cluster eu-west-prod.",
      // 97.25 rounds to 97.3 (one decimal).
      "Encrypted, mutually authenticated traffic rose from 96.4 % to 97.3 %, meeting the target of ≥ 95 %.",
      // 300 s is shown as 5 min (≥ 120 s), 58 s as seconds.
      "Time to detect an incident fell from 5 min to 58 s, meeting the target of ≥ 15 min".replace("≥", "≤") +
        ".",
      "1 incident was detected in the period.",
    ]);
    expect(s[1]).toMatchObject({
      href: "/certificates?period=2026-10",
      metric: "rotationOnSchedule.percent",
      tone: "bad",
    });
    expect(s[2].tone).toBe("good");
    expect(s[3].tone).toBe("good");
  });

  it("mentions a missed target even when the figure did not move, and says when all targets are met", () => {
    const missed = summarise({
      figures: [fig("certificates.expired", 2, 2)],
    });
    expect(missed.map((x) => x.text)).toEqual([
      "0 of 1 measured KPIs with a target met it.",
      "Expired certificates still in use stayed at 2, short of the target of ≤ 0.",
    ]);
    const allMet = summarise({
      figures: [fig("risks.aboveAppetite", 0, 0)],
      incidents: 0,
    });
    expect(allMet.map((x) => x.text)).toEqual([
      "All 1 measured KPIs with a target met it.",
      "No incidents were detected in the period.",
    ]);
  });

  it("a count that rises is bad news; a figure without a previous value is compared to nothing", () => {
    const s = summarise({
      figures: [
        { key: "risks.overdueReview", previous: 1, current: 4 },
        fig("rotationOnSchedule.percent", null, 90),
      ],
    });
    expect(s.map((x) => [x.text, x.tone])).toEqual([
      ["0 of 1 measured KPIs with a target met it.", "bad"],
      ["Certificates renewed on schedule was 90 %, short of the target of ≥ 99 %.", "bad"],
      ["Risk reviews overdue rose from 1 to 4.", "bad"],
    ]);
  });

  it("says so when there are no figures at all", () => {
    const s = summarise({
      figures: [fig("mtlsCoverage.percent", null, null)],
    });
    expect(s).toHaveLength(1);
    expect(s[0].text).toMatch(/No posture data/);
  });

  it("every number in a sentence is one of the figures it was built from", () => {
    const figures: Figure[] = [
      fig("rotationOnSchedule.percent", 88.04, 93.96),
      fig("timeToContainment.medianSeconds", 1920, 5400),
      fig("policy.compliance", 0.9, 0.975),
    ];
    const text = summarise({ figures })
      .map((x) => x.text)
      .join(" ");
    for (const f of figures) {
      const unit =
        f.key === "policy.compliance" ? "fraction" : f.key.endsWith("Seconds") ? "seconds" : "percent";
      expect(text).toContain(formatValue(f.current, unit));
      expect(text).toContain(formatValue(f.previous, unit));
    }
    // 1920 s = 32 min; 5400 s = 1 h 30 min (the one duration style of every page); 0.975 = 97.5 %; 88.04 → 88 %.
    expect(text).toContain("from 32 min to 1 h 30 min");
    expect(text).toContain("from 90 % to 97.5 %");
    expect(text).toContain("from 88 % to 94 %");
  });
});

describe("figures", () => {
  it("reads dotted paths, flattens every numeric leaf and grades targets", () => {
    const k = {
      window: { from: "a", to: "b" },
      cluster: null,
      mttd: { n: 2, medianSeconds: 58, p90Seconds: null },
      risks: { open: 3 },
    };
    expect(metricValue(k, "mttd.medianSeconds")).toBe(58);
    expect(metricValue(k, "mttd.p90Seconds")).toBeNull();
    expect(flattenFigures(k)).toEqual({
      "mttd.n": 2,
      "mttd.medianSeconds": 58,
      "mttd.p90Seconds": null,
      "risks.open": 3,
    });
    expect(targetStatus(99, { comparator: ">=", value: 99 })).toBe("met");
    expect(targetStatus(98.9, { comparator: ">=", value: 99 })).toBe("missed");
    expect(targetStatus(null, { comparator: ">=", value: 99 })).toBe("no-data");
    expect(targetStatus(901, { comparator: "<=", value: 900 })).toBe("missed");
  });
});
