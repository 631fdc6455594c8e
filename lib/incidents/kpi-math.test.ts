import { describe, expect, it } from "vitest";
import { type IncidentClockRow, incidentKpis } from "./kpi-math";

const at = (min: number) => new Date(Date.UTC(2025, 5, 15, 9, 0, 0) + min * 60_000);
const row = (id: string, p: Partial<IncidentClockRow>): IncidentClockRow => ({
  id,
  cluster: "eu",
  startedAt: null,
  startedConfidence: "unknown",
  detectedAt: at(0),
  containedAt: null,
  resolvedAt: null,
  ...p,
});
const window = { from: new Date("2025-06-15T00:00:00Z"), to: new Date("2025-06-16T00:00:00Z") };

describe("incident KPIs (docs/kpis.md, incident timestamps)", () => {
  // Five incidents detected at 09:00 + d; MTTDs 60, 120, 180, 600 s and one unknown start.
  const rows = [
    row("a", {
      startedAt: at(-1),
      startedConfidence: "observed",
      detectedAt: at(0),
      containedAt: at(30),
      resolvedAt: at(120),
    }),
    row("b", { startedAt: at(8), startedConfidence: "estimated", detectedAt: at(10), containedAt: at(20) }),
    row("c", { startedAt: at(17), startedConfidence: "observed", detectedAt: at(20), containedAt: at(80) }),
    row("d", {
      startedAt: at(20),
      startedConfidence: "observed",
      detectedAt: at(30),
      containedAt: at(40),
      resolvedAt: at(90),
    }),
    row("e", { detectedAt: at(40) }),
  ];
  it("pins n, mean, median and p90 against hand-computed values", () => {
    const k = incidentKpis(rows, window);
    // MTTD sorted: 60, 120, 180, 600 → mean 240; median (120+180)/2 = 150;
    // p90 at rank 0.9·3 = 2.7 → 180 + 0.7·(600−180) = 474. Incident e (unknown start) is excluded.
    expect(k.mttd).toEqual({
      n: 4,
      meanSeconds: 240,
      medianSeconds: 150,
      p90Seconds: expect.closeTo(474, 9),
      excluded: 1,
      dataErrors: 0,
    });
    // Containment: a 1800, b 600, c 3600, d 600 → sorted 600, 600, 1800, 3600; mean 1650; median 1200;
    // p90 rank 2.7 → 1800 + 0.7·1800 = 3060.
    expect(k.timeToContainment).toEqual({
      n: 4,
      meanSeconds: 1650,
      medianSeconds: 1200,
      p90Seconds: expect.closeTo(3060, 9),
      excluded: 0,
      dataErrors: 0,
    });
    // Resolve: a 7200, d 3600 → mean 5400, median 5400, p90 = 3600 + 0.9·3600 = 6840.
    expect(k.timeToResolve).toEqual({
      n: 2,
      meanSeconds: 5400,
      medianSeconds: 5400,
      p90Seconds: expect.closeTo(6840, 9),
      excluded: 0,
      dataErrors: 0,
    });
  });
  it("reports negative durations as data errors and leaves them out", () => {
    const k = incidentKpis(
      [
        ...rows,
        row("bad", {
          startedAt: at(60),
          startedConfidence: "observed",
          detectedAt: at(50),
          containedAt: at(45),
        }),
      ],
      window,
    );
    expect(k.mttd).toMatchObject({ n: 4, meanSeconds: 240, dataErrors: 1 });
    expect(k.timeToContainment).toMatchObject({ n: 4, meanSeconds: 1650, dataErrors: 1 });
    expect(k.dataErrors).toEqual([
      { incidentId: "bad", number: undefined, metric: "mttd", seconds: -600 },
      { incidentId: "bad", number: undefined, metric: "timeToContainment", seconds: -300 },
    ]);
  });
  it("counts each stamp in its own window, half-open", () => {
    // Detected before the window but contained inside it: counts for containment only.
    const r = row("x", {
      startedAt: at(-10),
      startedConfidence: "observed",
      detectedAt: new Date("2025-06-14T23:59:00Z"),
      containedAt: at(0),
    });
    const k = incidentKpis(
      [r, row("y", { detectedAt: window.to, startedAt: at(0), startedConfidence: "observed" })],
      window,
    );
    expect(k.mttd.n).toBe(0);
    expect(k.timeToContainment.n).toBe(1);
    expect(k.timeToContainment.meanSeconds).toBe(9 * 3600 + 60);
  });
});
