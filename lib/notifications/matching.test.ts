import { describe, expect, it } from "vitest";
import { type EventForMatch, type RuleForMatch, ruleMatches } from "./matching";

const t0 = new Date("2026-11-01T00:00:00Z");
const rule = (over: Partial<RuleForMatch> = {}): RuleForMatch => ({
  id: "r",
  events: ["incident.opened", "finding.opened", "certificate.expiring"],
  channelIds: ["c"],
  clusters: [],
  namespaces: [],
  minSeverity: null,
  daysAhead: 14,
  enabled: true,
  createdAt: t0,
  ...over,
});
const ev = (over: Partial<EventForMatch> = {}): EventForMatch => ({
  type: "incident.opened",
  severity: "high",
  cluster: "eu-west-prod",
  namespace: "payments",
  data: {},
  occurredAt: new Date(t0.getTime() + 60_000),
  createdAt: new Date(t0.getTime() + 61_000),
  ...over,
});

describe("ruleMatches", () => {
  it("matches on event type and skips disabled rules", () => {
    expect(ruleMatches(rule(), ev())).toBe(true);
    expect(ruleMatches(rule({ enabled: false }), ev())).toBe(false);
    expect(ruleMatches(rule({ events: ["incident.contained"] }), ev())).toBe(false);
  });
  it("scopes by cluster and by namespace (a team's subscription ignores cluster-wide events)", () => {
    expect(ruleMatches(rule({ clusters: ["us-east-prod"] }), ev())).toBe(false);
    expect(ruleMatches(rule({ clusters: ["eu-west-prod"] }), ev())).toBe(true);
    expect(ruleMatches(rule({ namespaces: ["payments"] }), ev())).toBe(true);
    expect(ruleMatches(rule({ namespaces: ["checkout"] }), ev())).toBe(false);
    expect(ruleMatches(rule({ namespaces: ["payments"] }), ev({ namespace: null }))).toBe(false);
    expect(
      ruleMatches(rule({ clusters: ["b"] }), ev({ cluster: null, data: { clusters: ["a", "b"] } })),
    ).toBe(true);
  });
  it("applies the severity floor to events that carry a severity", () => {
    expect(ruleMatches(rule({ minSeverity: "critical" }), ev({ severity: "high" }))).toBe(false);
    expect(ruleMatches(rule({ minSeverity: "high" }), ev({ severity: "high" }))).toBe(true);
    expect(ruleMatches(rule({ minSeverity: "medium" }), ev({ severity: "low" }))).toBe(false);
  });
  it("sends expiry events only for the rule's own days-ahead threshold", () => {
    const e = ev({ type: "certificate.expiring", data: { days: 14 } });
    expect(ruleMatches(rule(), e)).toBe(true);
    expect(ruleMatches(rule({ daysAhead: 30 }), e)).toBe(false);
  });
  it("does not replay history older than a day before the rule existed", () => {
    const old = ev({ occurredAt: new Date(t0.getTime() - 3 * 86_400_000) });
    expect(ruleMatches(rule(), old)).toBe(false);
    const late = ev({ occurredAt: new Date(t0.getTime() - 3600_000) });
    expect(ruleMatches(rule(), late)).toBe(true);
  });
});
