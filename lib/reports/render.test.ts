import { parse } from "csv-parse/sync";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { canonicalJson } from "@/lib/audit/hash";
import { DEFAULT_TARGETS } from "@/lib/kpi/targets";
import { blankKpis } from "@/test/kpi-fixtures";
import { assembleReport } from "./assemble";
import { reportCsv } from "./csv";
import { parsePeriod, previousPeriod } from "./period";

/** Nothing reported but certificate rotation: 10 due, `rot` per cent on schedule. */
const empty = (rot: number | null) =>
  blankKpis({ rotationOnSchedule: { due: 10, onTime: 0, late: 0, missed: 0, overdue: 0, percent: rot } });

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
  contribution: {
    // The register's matrix says L3×I3 is Medium (yellow); 12 open and 2 accepted risks are counted.
    heatMap: [
      { likelihood: 3, impact: 3, count: 9, level: "medium", color: "#e8c547" },
      { likelihood: 5, impact: 5, count: 5, level: "critical", color: "#d64545" },
    ],
    riskCounts: { open: 12, accepted: 2 },
    riskLevels: [
      { key: "medium", name: "Medium", color: "#e8c547" },
      { key: "critical", name: "Critical", color: "#d64545" },
    ],
    attention: [
      {
        kind: "risk",
        text: "Risk “Shared root CA key” is above appetite; owner: Ana.",
        href: "/risks/r1",
        rank: 20,
      },
      {
        kind: "incident",
        text: "INC-7 Crypto-miner (critical) has been open for 2.3 days and is not contained; owner: nobody assigned.",
        href: "/incidents/i7",
        rank: 0,
      },
    ],
  },
  organisation: "Acme <Payments>",
  demo: true,
});

const html = () =>
  renderToStaticMarkup(
    createElement(ExecutiveReportView, { report, print: true, baseUrl: "https://posture.example" }),
  );

describe("report rendering", () => {
  it("trend series have one slot per day, null where no snapshot", () => {
    const s = report.trends.series["rotationOnSchedule.percent"];
    expect(s).toHaveLength(31);
    expect([s[0], s[1], s[2], s[30]]).toEqual([90, 95, null, 92]);
  });

  it("evidence links open the records behind the figure, with the period's window and the cluster", () => {
    const rot = report.summary.find((x) => x.metric === "rotationOnSchedule.percent");
    expect(rot?.href).toBe(
      "/certificates/rotations?from=2026-10-01T00%3A00%3A00.000Z&to=2026-11-01T00%3A00%3A00.000Z&cluster=eu-west-prod",
    );
    const expired = report.figures.find((f) => f.key === "certificates.expired");
    expect(expired?.href).toBe("/certificates?cluster=eu-west-prod&status=expired");
  });

  it("one view for screen and PDF: lines through known days, gaps bridged and marked", () => {
    const out = html();
    // Rotation: days 1–2 joined by a solid line, a dashed bridge to day 31, and each known day a dot.
    expect(out).toMatch(/<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+" fill="none" stroke-width="2"/);
    expect(out).toMatch(
      /<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+" fill="none" stroke-width="1.5" stroke-dasharray="2 4"/,
    );
    expect(out).toContain("no data (dashed: bridged)");
    expect(out).toContain("Day (UTC, month-day)");
  });

  it("heat map colours follow the configured matrix and the caption counts what it says", () => {
    const out = html();
    expect(out).toContain('style="background:#e8c547"');
    expect(out).toContain("14 risks not closed (12 open, 2 accepted)");
  });

  it("the cover names the organisation and marks demo data; attention leads, ordered, with links", () => {
    const out = html();
    expect(out).toContain("Acme &lt;Payments&gt;");
    expect(out).toContain("DEMO DATA");
    const inc = out.indexOf("INC-7 Crypto-miner");
    const risk = out.indexOf("Shared root CA key");
    const kpis = out.indexOf("How the figures moved");
    expect(inc).toBeGreaterThan(0);
    expect(inc).toBeLessThan(risk);
    expect(risk).toBeLessThan(kpis);
    expect(out).toContain('href="https://posture.example/incidents/i7"');
  });

  it("CSV rows for each headline KPI and every day of the trends", () => {
    const rows: string[][] = parse(reportCsv(report));
    expect(rows.filter((r) => r[0] === "kpi")).toHaveLength(report.figures.length);
    expect(rows.filter((r) => r[0] === "trend")).toHaveLength(31 * 7);
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
