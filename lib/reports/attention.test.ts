import { describe, expect, it } from "vitest";
import { blankKpis } from "@/test/kpi-fixtures";
import { attentionFromKpis, mergeAttention } from "./attention";

describe("needs attention now", () => {
  it("nothing when the figures are empty (domains not reporting yet)", () => {
    expect(attentionFromKpis(blankKpis())).toEqual([]);
  });

  it("one line per problem with its count and the place to act", () => {
    const items = attentionFromKpis(
      blankKpis({
        rotationOnSchedule: { due: 10, onTime: 7, late: 0, missed: 0, overdue: 3, percent: 70 },
        mtlsCoverage: { percent: 97, crossClusterPercent: 96.8, mtls: 968, total: 1000 },
        risks: { open: 4, aboveAppetite: 1, overdueReview: 2 },
      }),
    );
    expect(items.map((i) => [i.kind, i.title, i.href])).toEqual([
      ["rotation-overdue", "3 certificate rotations overdue", "/findings?rule=certificate.rotation-missed"],
      // 100 − 96.8 = 3.2 % plaintext.
      ["plaintext-edge", "3.2 % of cross-cluster traffic is not mTLS", "/mesh?policy=none"],
      ["risk-above-appetite", "1 risk above appetite", "/risks?aboveAppetite=1"],
      ["review-overdue", "2 risk reviews overdue", "/risks?overdue=1"],
    ]);
  });

  it("a provider's detailed items replace the aggregate line of their kind; worst first", () => {
    const fromKpis = attentionFromKpis(blankKpis({ risks: { open: 4, aboveAppetite: 2, overdueReview: 1 } }));
    const merged = mergeAttention(fromKpis, [
      {
        kind: "risk-above-appetite",
        title: "R-7 Plaintext eu→us",
        href: "/risks/7",
        severity: "high",
        at: "2026-11-01T00:00:00Z",
      },
      {
        kind: "risk-above-appetite",
        title: "R-9 Stale CA",
        href: "/risks/9",
        severity: "high",
        at: "2026-11-05T00:00:00Z",
      },
      { kind: "incident", title: "INC-3", href: "/incidents/3", severity: "critical" },
    ]);
    expect(merged.map((i) => i.title)).toEqual([
      "INC-3",
      "R-9 Stale CA",
      "R-7 Plaintext eu→us",
      "1 risk review overdue",
    ]);
  });
});
