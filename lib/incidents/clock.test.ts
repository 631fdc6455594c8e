import { describe, expect, it } from "vitest";
import {
  canMoveTo,
  clockProblems,
  containmentFromAlerts,
  detectedFromAlerts,
  inEvidenceWindow,
  startFromLinks,
} from "./clock";

const t = (s: string) => new Date(`2025-06-15T${s}Z`);

describe("the incident clock (docs/kpis.md, incident timestamps)", () => {
  const firing = { status: "firing", startsAt: t("09:13:30"), endsAt: t("09:17:30") };
  const falco = { status: "resolved", startsAt: t("09:12:45"), endsAt: t("09:44:45") };
  it("detection is the earliest alert startsAt", () => {
    expect(detectedFromAlerts([firing, falco])).toEqual(t("09:12:45"));
    expect(detectedFromAlerts([])).toBeNull();
  });
  it("containment waits for every alert; a firing alert's provisional endsAt never counts", () => {
    expect(containmentFromAlerts([firing, falco])).toBeNull();
    expect(containmentFromAlerts([{ ...firing, status: "resolved", endsAt: t("09:42:30") }, falco])).toEqual(
      t("09:44:45"),
    );
    expect(containmentFromAlerts([])).toBeNull();
  });
  it("start: observed from evidence, estimated from alerts alone, else unknown", () => {
    expect(startFromLinks([t("09:12:03"), t("09:11:47")], [t("09:12:45")])).toEqual({
      startedAt: t("09:11:47"),
      confidence: "observed",
    });
    expect(startFromLinks([], [t("09:13:30"), t("09:12:45")])).toEqual({
      startedAt: t("09:12:45"),
      confidence: "estimated",
    });
    expect(startFromLinks([], [])).toEqual({ startedAt: null, confidence: "unknown" });
  });
  it("links evidence in [detectedAt − 30 min, detectedAt], both ends included", () => {
    const d = t("09:12:45");
    expect(inEvidenceWindow(t("08:42:45"), d)).toBe(true);
    expect(inEvidenceWindow(t("08:42:44.999"), d)).toBe(false);
    expect(inEvidenceWindow(d, d)).toBe(true);
    expect(inEvidenceWindow(t("09:13:02"), d)).toBe(false);
  });
  it("statuses only move forward", () => {
    expect(canMoveTo("open", "acknowledged")).toBe(true);
    expect(canMoveTo("open", "resolved")).toBe(true);
    expect(canMoveTo("contained", "acknowledged")).toBe(false);
    expect(canMoveTo("resolved", "resolved")).toBe(false);
  });
  it("flags impossible orderings", () => {
    expect(
      clockProblems({
        startedAt: t("09:11"),
        detectedAt: t("09:12"),
        acknowledgedAt: null,
        containedAt: t("09:05"),
        resolvedAt: null,
      }),
    ).toEqual(["contained before it was detected"]);
  });
});
