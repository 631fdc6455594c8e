import { describe, expect, it } from "vitest";
import { daysOf, effectiveNow, parsePeriod, previousPeriod } from "./period";

const now = new Date("2026-11-23T18:00:00Z");

describe("report periods", () => {
  it("a month is [1st, 1st of the next month) and the previous one is the month before", () => {
    const p = parsePeriod("2026-10", now);
    expect([p.from.toISOString(), p.to.toISOString(), p.label]).toEqual([
      "2026-10-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
      "October 2026",
    ]);
    const prev = previousPeriod(p);
    expect([prev.key, prev.from.toISOString(), prev.to.toISOString()]).toEqual([
      "2026-09",
      "2026-09-01T00:00:00.000Z",
      "2026-10-01T00:00:00.000Z",
    ]);
    // January's previous month is December of the year before.
    expect(previousPeriod(parsePeriod("2026-01", now)).key).toBe("2025-12");
  });

  it("a quarter is three months; Q1's previous quarter is Q4 of the year before", () => {
    const p = parsePeriod("2026-q3", now);
    expect([p.key, p.from.toISOString(), p.to.toISOString()]).toEqual([
      "2026-Q3",
      "2026-07-01T00:00:00.000Z",
      "2026-10-01T00:00:00.000Z",
    ]);
    expect(previousPeriod(p).key).toBe("2026-Q2");
    expect(previousPeriod(parsePeriod("2026-Q1", now)).key).toBe("2025-Q4");
  });

  it("a range includes both days; its previous period has the same length and ends where it starts", () => {
    const p = parsePeriod("2026-10-01..2026-10-10", now);
    expect([p.from.toISOString(), p.to.toISOString()]).toEqual([
      "2026-10-01T00:00:00.000Z",
      "2026-10-11T00:00:00.000Z",
    ]);
    const prev = previousPeriod(p);
    // 10 days before 1 October: 21 to 30 September.
    expect(prev.key).toBe("2026-09-21..2026-09-30");
  });

  it("rolling windows end now; the default is 30 days", () => {
    const p = parsePeriod(null, now);
    expect(p.key).toBe("30d");
    expect(p.to).toEqual(now);
    expect(p.from.toISOString()).toBe("2026-10-24T18:00:00.000Z");
    expect(previousPeriod(p).to).toEqual(p.from);
  });

  it("refuses nonsense with a message (4xx), and periods that have not started", () => {
    for (const bad of [
      "2026-13",
      "2026-Q5",
      "last month",
      "2026-02-30..2026-03-01",
      "2026-10-10..2026-10-01",
      "0d",
      "2027-01",
    ]) {
      expect(() => parsePeriod(bad, now), bad).toThrow(/period/);
    }
  });

  it("the running month is computed up to now; a past month up to its end", () => {
    expect(effectiveNow(parsePeriod("2026-11", now), now)).toEqual(now);
    expect(effectiveNow(parsePeriod("2026-10", now), now).toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("days of a window", () => {
    expect(daysOf(new Date("2026-10-30T00:00:00Z"), new Date("2026-11-02T00:00:00Z"))).toEqual([
      "2026-10-30",
      "2026-10-31",
      "2026-11-01",
    ]);
  });
});
