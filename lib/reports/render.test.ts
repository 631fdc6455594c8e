import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS } from "@/lib/kpi/targets";
import { assembleReport } from "./assemble";
import { canonicalJson } from "./canonical";
import { reportCsv } from "./csv";
import { reportHtml } from "./html";
import { parsePeriod, previousPeriod } from "./period";
import { lineChartSvg } from "./svg";

const empty = (rot: number | null) => ({
  window: { from: "", to: "" },
  cluster: null,
  mttd: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
  timeToContainment: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
  timeToResolve: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
  rotationOnSchedule: { due: 10, onTime: 0, late: 0, missed: 0, overdue: 0, percent: rot },
  mtlsCoverage: { percent: null, crossClusterPercent: null, mtls: 0, total: 0 },
  policy: { denyRate: null, compliance: null },
  certificates: { total: 0, expired: 0, expiring7d: 0, expiring30d: 0, weak: 0, longLived: 0 },
  risks: { open: 0, aboveAppetite: 0, overdueReview: 0 },
});

const now = new Date("2026-11-23T12:00:00Z");
const period = parsePeriod("2026-10", now);
const report = assembleReport({
  period,
  previous: previousPeriod(period),
  cluster: "eu-west-prod",
  now,
  current: empty(91),
  before: empty(98),
  targets: DEFAULT_TARGETS,
  // Snapshots for 3 of October's 31 days.
  snapshots: [
    { day: "2026-10-01", data: empty(90) },
    { day: "2026-10-02", data: empty(95) },
    { day: "2026-10-31", data: empty(92) },
  ],
  contribution: {},
});

describe("report rendering", () => {
  it("trend series have one slot per day, null where no snapshot", () => {
    const s = report.trends.series["rotationOnSchedule.percent"];
    expect(s).toHaveLength(31);
    expect([s[0], s[1], s[2], s[30]]).toEqual([90, 95, null, 92]);
  });

  it("evidence links carry the period and cluster", () => {
    const rot = report.summary.find((x) => x.metric === "rotationOnSchedule.percent");
    expect(rot?.href).toBe("/certificates?period=2026-10&cluster=eu-west-prod");
  });

  it("the PDF's HTML draws each chart's line (not blank) and escapes text", () => {
    const html = reportHtml(report);
    // Rotation: days 1–2 joined, a gap, day 31 alone → one path "M… L… M…".
    expect(html).toMatch(
      /<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ M[\d.]+,[\d.]+" fill="none" stroke="#1d4ed8"/,
    );
    expect(html).toContain("eu-west-prod");
    const svg = lineChartSvg({ title: "a <b> & c", days: ["2026-10-01"], series: [], unit: "%" });
    expect(svg).toContain("a &lt;b&gt; &amp; c");
    expect(svg).toContain("No daily figures for this period");
  });

  it("CSV rows for each headline KPI and every day of the trends", () => {
    const rows: string[][] = parse(reportCsv(report));
    expect(rows.filter((r) => r[0] === "kpi")).toHaveLength(report.figures.length);
    expect(rows.filter((r) => r[0] === "trend")).toHaveLength(31 * 5);
    expect(
      rows.find(
        (r) => r[0] === "trend" && r[1] === "rotationOnSchedule.percent" && r[2] === "2026-10-02",
      )?.[4],
    ).toBe("95");
  });

  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe(
      canonicalJson({ a: [{ c: "x", d: null }], b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
