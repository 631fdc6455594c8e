import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitWindow } from "./window-split";

const d = (s: string) => new Date(s);

describe("splitWindow", () => {
  it("a day window that starts and ends mid-hour", () => {
    const s = splitWindow(d("2025-06-14T10:30:00Z"), d("2025-06-16T02:15:00Z"));
    expect(s.raw.map(([a, b]) => [a.toISOString(), b.toISOString()])).toEqual([
      ["2025-06-14T10:30:00.000Z", "2025-06-14T11:00:00.000Z"],
      ["2025-06-16T02:00:00.000Z", "2025-06-16T02:15:00.000Z"],
    ]);
    expect(s.hourly.map(([a, b]) => [a.toISOString(), b.toISOString()])).toEqual([
      ["2025-06-14T11:00:00.000Z", "2025-06-15T00:00:00.000Z"],
      ["2025-06-16T00:00:00.000Z", "2025-06-16T02:00:00.000Z"],
    ]);
    expect(s.daily.map(([a, b]) => [a.toISOString(), b.toISOString()])).toEqual([
      ["2025-06-15T00:00:00.000Z", "2025-06-16T00:00:00.000Z"],
    ]);
  });

  it("with minutes: whole minutes between the raw sub-minute edges and the whole hours", () => {
    const s = splitWindow(d("2025-06-14T10:30:12.500Z"), d("2025-06-14T12:15:40Z"), { minutes: true });
    const iso = (xs: [Date, Date][]) => xs.map(([a, b]) => [a.toISOString(), b.toISOString()]);
    expect(iso(s.raw)).toEqual([
      ["2025-06-14T10:30:12.500Z", "2025-06-14T10:31:00.000Z"],
      ["2025-06-14T12:15:00.000Z", "2025-06-14T12:15:40.000Z"],
    ]);
    expect(iso(s.minute)).toEqual([
      ["2025-06-14T10:31:00.000Z", "2025-06-14T11:00:00.000Z"],
      ["2025-06-14T12:00:00.000Z", "2025-06-14T12:15:00.000Z"],
    ]);
    expect(iso(s.hourly)).toEqual([["2025-06-14T11:00:00.000Z", "2025-06-14T12:00:00.000Z"]]);
    expect(s.daily).toEqual([]);
  });

  it("with minutes: covers [from, to) exactly once, raw pieces under a minute (property)", () => {
    const M = 60_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.integer({ min: 1, max: 40 * 86_400_000 }),
        (start, len) => {
          const from = new Date(Date.UTC(2025, 5, 1) + start);
          const to = new Date(from.getTime() + len);
          const s = splitWindow(from, to, { minutes: true });
          const all = [...s.raw, ...s.minute, ...s.hourly, ...s.daily]
            .map(([a, b]) => [a.getTime(), b.getTime()])
            .sort((x, y) => x[0] - y[0]);
          expect(all[0][0]).toBe(from.getTime());
          expect(all[all.length - 1][1]).toBe(to.getTime());
          for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
          for (const [a, b] of s.minute) expect([a.getTime() % M, b.getTime() % M]).toEqual([0, 0]);
          const minutes = s.minute.reduce((n, [a, b]) => n + b.getTime() - a.getTime(), 0);
          expect(minutes).toBeLessThan(2 * 3_600_000);
          for (const [a, b] of s.raw) expect(b.getTime() - a.getTime()).toBeLessThan(M);
          expect(s.raw.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("covers [from, to) exactly once with aligned rollup pieces (property)", () => {
    const H = 3_600_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        fc.integer({ min: 1, max: 40 * 24 * 60 }),
        (startMin, lenMin) => {
          const base = Date.UTC(2025, 5, 1);
          const from = new Date(base + startMin * 60_000 + 7_000);
          const to = new Date(from.getTime() + lenMin * 60_000);
          const s = splitWindow(from, to);
          const all = [...s.raw, ...s.hourly, ...s.daily]
            .map(([a, b]) => [a.getTime(), b.getTime()])
            .sort((x, y) => x[0] - y[0]);
          expect(all[0][0]).toBe(from.getTime());
          expect(all[all.length - 1][1]).toBe(to.getTime());
          for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
          for (const [a, b] of s.hourly) expect([a.getTime() % H, b.getTime() % H]).toEqual([0, 0]);
          for (const [a, b] of s.daily)
            expect([a.getTime() % (24 * H), b.getTime() % (24 * H)]).toEqual([0, 0]);
          // Raw rows cover the ends that fill no whole hour: under two hours in all (one piece of up to two
          // hours when no whole hour fits, e.g. 00:00:07–01:00:07).
          const raw = s.raw.reduce((n, [a, b]) => n + b.getTime() - a.getTime(), 0);
          expect(raw).toBeLessThan(2 * H);
        },
      ),
    );
  });
});
