import { describe, expect, it } from "vitest";
import { describeFilters, filterQuery, parseFilters } from "./filters";
import { breached, numericPaths, valueAt } from "./kpi-path";

describe("filters", () => {
  it("parses and normalises", () => {
    const f = parseFilters(
      new URLSearchParams("status=open,treating&level=high&overdue=true&sort=-reviewDue&page=2&pageSize=10"),
    );
    expect(f).toMatchObject({
      status: ["open", "treating"],
      level: ["high"],
      overdue: true,
      sort: "reviewDue",
      desc: true,
      page: 2,
      pageSize: 10,
    });
    expect(filterQuery(f)).toBe("status=open%2Ctreating&level=high&overdue=true&sort=-reviewDue");
  });
  it("refuses bad values with a 400", () => {
    for (const q of ["status=gone", "sort=colour", "pageSize=100000", "likelihood=6", "overdue=maybe"]) {
      expect(() => parseFilters(new URLSearchParams(q)), q).toThrow(/./);
    }
  });
});

describe("filters in words", () => {
  it("names every active filter, with level and owner names, and leaves sorting and paging out", () => {
    const f = parseFilters(
      new URLSearchParams(
        "status=open,treating&level=high&owner=u1&cluster=eu-west&aboveAppetite=1&overdue=true&likelihood=4&sort=title&page=3",
      ),
    );
    expect(
      describeFilters(f, { level: (k) => k.toUpperCase(), owner: (id) => (id === "u1" ? "Ada" : id) }),
    ).toEqual([
      "status open or treating",
      "residual level HIGH",
      "owner Ada",
      "cluster eu-west",
      "review overdue",
      "above appetite",
      "likelihood 4 × impact any",
    ]);
    expect(describeFilters(parseFilters(new URLSearchParams("sort=-title&page=2")))).toEqual([]);
  });
});

describe("KPI paths", () => {
  const body = {
    mtlsCoverage: { percent: 97.5, crossClusterPercent: null, mtls: 1, total: 2 },
    window: { from: "x" },
  };
  it("finds numeric leaves and values", () => {
    expect(numericPaths(body)).toEqual([
      "mtlsCoverage.percent",
      "mtlsCoverage.crossClusterPercent",
      "mtlsCoverage.mtls",
      "mtlsCoverage.total",
    ]);
    expect(valueAt(body, "mtlsCoverage.percent")).toBe(97.5);
    expect(valueAt(body, "mtlsCoverage.nope")).toBeUndefined();
    expect(valueAt(body, "__proto__.x")).toBeUndefined();
  });
  it("flags past the threshold", () => {
    expect(breached(96.8, 99, "below")).toBe(true);
    expect(breached(99.5, 99, "below")).toBe(false);
    expect(breached(3, 0, "above")).toBe(true);
    expect(breached(null, 0, "above")).toBe(false);
  });
});
