import { describe, expect, it } from "vitest";
import { defaultFilters, describeExplorer } from "@/components/policy/explorer-filters";
import { denyText } from "@/components/policy/format";

// What the decision explorer's note says about the filter a link brought, in the user's zone.
describe("decision explorer filter note", () => {
  it("names every filter and the window with its zone", () => {
    const f = {
      ...defaultFilters(new Date("2026-11-30T10:00:00Z"), "eu-west"),
      result: "deny",
      subject: "frontend",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
    };
    expect(describeExplorer(f, "UTC")).toEqual([
      "denied decisions",
      "cluster eu-west",
      "subject contains “frontend”",
      "2026-11-01 00:00 → 2026-12-01 00:00 UTC",
    ]);
    expect(describeExplorer(f, "Europe/Berlin").at(-1)).toBe(
      "2026-11-01 01:00 → 2026-12-01 01:00 Europe/Berlin (UTC+01:00)",
    );
  });

  it("gives the counts with a deny rate and marks low volume", () => {
    expect(denyText({ denied: 2, total: 3 })).toBe("2 of 3 decisions denied (66.7 %), low volume");
    expect(denyText({ denied: 340, total: 16_000 })).toBe("340 of 16,000 decisions denied (2.1 %)");
    expect(denyText({ denied: 0, total: 0 })).toBe("no decisions");
  });
});
