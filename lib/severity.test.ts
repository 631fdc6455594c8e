import { describe, expect, it } from "vitest";
import { bySeverity, SEVERITY_SQL_ORDER, severityRank, severityTone, worstSeverity } from "./severity";

describe("the one severity scale", () => {
  it("worstSeverity picks the most severe known level and ignores unknown values and gaps", () => {
    expect(worstSeverity(["low", null, "high", "medium"])).toBe("high");
    expect(worstSeverity(["info", "critical", "high"])).toBe("critical");
    // A PolicyReport result may carry a level Posture does not know: it must not win over a known one.
    expect(worstSeverity(["urgent", "low"])).toBe("low");
    expect(worstSeverity([null, undefined, "severe"])).toBeNull();
    expect(worstSeverity([])).toBeNull();
  });

  it("orders the same in code and in SQL, unknown last", () => {
    const levels = ["low", "weird", "critical", "info", "medium", "high"].map((severity) => ({ severity }));
    expect(levels.sort(bySeverity).map((l) => l.severity)).toEqual([
      "critical",
      "high",
      "medium",
      "low",
      "info",
      "weird",
    ]);
    expect(SEVERITY_SQL_ORDER).toBe("ARRAY['critical','high','medium','low','info']");
    expect(severityRank("weird")).toBe(5);
    expect(["critical", "high", "medium", "low", "info"].map(severityTone)).toEqual([
      "bad",
      "bad",
      "warn",
      "info",
      "",
    ]);
  });
});
