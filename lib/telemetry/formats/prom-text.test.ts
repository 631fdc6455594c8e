import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPromLine, parsePromLine, seriesKey } from "./prom-text";

describe("parsePromLine", () => {
  it("reads a federate line with labels and a millisecond timestamp", () => {
    const r = parsePromLine(
      'istio_requests_total{reporter="destination",response_code="200"} 184223 1749988800000',
    );
    expect(r).toEqual({
      kind: "sample",
      sample: {
        name: "istio_requests_total",
        labels: { reporter: "destination", response_code: "200" },
        value: 184223,
        timestampMs: 1749988800000,
      },
    });
  });

  it("skips comments and blank lines; reads lines without labels or timestamps", () => {
    expect(parsePromLine("# HELP istio_requests_total Total requests.")).toEqual({ kind: "skip" });
    expect(parsePromLine("   ")).toEqual({ kind: "skip" });
    expect(parsePromLine("up 1")).toEqual({
      kind: "sample",
      sample: { name: "up", labels: {}, value: 1, timestampMs: null },
    });
  });

  it("unescapes quotes, backslashes and newlines and keeps Unicode", () => {
    const r = parsePromLine(String.raw`m{a="say \"hi\"",b="C:\\dir",c="line\nnext",d="Zürich ✓ 東京"} 2`);
    expect(r.kind).toBe("sample");
    if (r.kind === "sample")
      expect(r.sample.labels).toEqual({ a: 'say "hi"', b: "C:\\dir", c: "line\nnext", d: "Zürich ✓ 東京" });
  });

  it("reads NaN and ±Inf as numbers (the Istio layer rejects them for counters)", () => {
    const v = (t: string) => {
      const r = parsePromLine(t);
      return r.kind === "sample" ? r.sample.value : "error";
    };
    expect(v("m NaN")).toBeNaN();
    expect(v("m +Inf")).toBe(Infinity);
    expect(v("m -Inf")).toBe(-Infinity);
    expect(v("m 1.5e3")).toBe(1500);
  });

  it.each([
    ['m{a="x" 1', /expected ',' or '}'/],
    ['m{a="x} 1', /unterminated/],
    ["m{a=x} 1", /double quotes/],
    ['m{a="1",a="2"} 1', /appears twice/],
    [String.raw`m{a="\q"} 1`, /invalid escape/],
    ["m abc", /not a number/],
    ["m 1 12.5", /integer milliseconds/],
    ["m 1 2 3", /expected "<value> \[timestamp\]"/],
    ["m", /expected a space/],
    ['{a="b"} 1', /not a metric line/],
    ['m{1a="x"} 1', /invalid label name/],
  ])("rejects %s with a clear reason", (line, reason) => {
    const r = parsePromLine(line);
    expect(r.kind).toBe("error");
    if (r.kind === "error") expect(r.reason).toMatch(reason);
  });

  it("series keys ignore label order", () => {
    expect(seriesKey("m", { b: "2", a: "1" })).toBe(seriesKey("m", { a: "1", b: "2" }));
    expect(seriesKey("m", { a: "1" })).not.toBe(seriesKey("m", { a: "2" }));
  });
});

describe("property: format → parse round-trips", () => {
  const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);
  const sample = fc.record({
    name: fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/),
    labels: fc.dictionary(labelName, fc.string({ unit: "grapheme", maxLength: 20 }), { maxKeys: 6 }),
    value: fc.oneof(
      fc.double({ noNaN: true }),
      fc.constant(Number.NaN),
      fc.integer({ min: 0, max: 2 ** 40 }),
    ),
    timestampMs: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: null }),
  });

  it("any sample survives formatting and parsing", () => {
    fc.assert(
      fc.property(sample, (s) => {
        const r = parsePromLine(formatPromLine(s));
        expect(r.kind).toBe("sample");
        if (r.kind !== "sample") return;
        expect(r.sample.name).toBe(s.name);
        expect(r.sample.labels).toEqual(s.labels);
        expect(Object.is(r.sample.value, s.value) || r.sample.value === s.value).toBe(true);
        expect(r.sample.timestampMs).toBe(s.timestampMs);
      }),
    );
  });

  it("arbitrary text never throws: it is a sample, a skip or an error with a reason", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (t) => {
        const r = parsePromLine(t);
        expect(["sample", "skip", "error"]).toContain(r.kind);
        if (r.kind === "error") expect(r.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
