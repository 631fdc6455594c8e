import { describe, expect, it } from "vitest";
import { describeEvent, historyEntries, incidentAge, milestones, type TimelineRow } from "./history";

const row = (id: string, at: string, kind: string, data: Record<string, unknown> = {}): TimelineRow => ({
  id,
  at: new Date(at),
  kind,
  actorType: "user",
  actorLabel: "ops@example.com",
  reason: null,
  data,
});

describe("incident history", () => {
  // Rows recorded in one go at 12:00 (a late webhook, an operator catching up) describe earlier events.
  const rows = [
    row("1", "2026-03-01T12:00:00Z", "opened", { origin: "alert", title: "Pod crash" }),
    row("2", "2026-03-01T12:00:00Z", "alert.joined", {
      alertId: "a1",
      alertname: "KubePodCrashLooping",
      startsAt: "2026-03-01T09:30:00Z",
    }),
    row("3", "2026-03-01T12:00:01Z", "status", {
      from: "open",
      to: "acknowledged",
      at: "2026-03-01T10:00:00Z",
    }),
    row("4", "2026-03-01T12:00:02Z", "alert.resolved", { alertId: "a1", alertname: "KubePodCrashLooping" }),
    row("5", "2026-03-01T12:00:03Z", "note", { text: "restarted the node" }),
  ];
  const alerts = [{ id: "a1", status: "resolved", endsAt: new Date("2026-03-01T11:15:00Z") }];

  it("orders entries by when they happened, not when they were recorded", () => {
    const h = historyEntries(rows, alerts);
    expect(h.map((e) => [e.id, e.happenedAt.toISOString()])).toEqual([
      ["2", "2026-03-01T09:30:00.000Z"],
      ["3", "2026-03-01T10:00:00.000Z"],
      ["4", "2026-03-01T11:15:00.000Z"],
      ["1", "2026-03-01T12:00:00.000Z"],
      ["5", "2026-03-01T12:00:03.000Z"],
    ]);
    expect(h[0].at.toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(h[1].label).toBe("Status changed");
    expect(h[1].detail).toBe("open → acknowledged");
  });

  it("keeps the recording time when a resolved alert has no end or the data names no time", () => {
    const h = historyEntries(rows, [
      { id: "a1", status: "firing", endsAt: new Date("2026-03-01T11:15:00Z") },
    ]);
    expect(h.find((e) => e.id === "4")?.happenedAt.toISOString()).toBe("2026-03-01T12:00:02.000Z");
    const opened = historyEntries(
      [row("o", "2026-03-01T12:00:00Z", "opened", { origin: "alert", detectedAt: "2026-03-01T09:31:00Z" })],
      [],
    );
    expect(opened[0].happenedAt.toISOString()).toBe("2026-03-01T09:31:00.000Z");
    const bad = historyEntries(
      [row("x", "2026-03-01T12:00:00Z", "status", { from: "a", to: "b", at: "nonsense" })],
      [],
    );
    expect(bad[0].happenedAt.toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });

  it("names escalated findings' rules by label", () => {
    const e = row("f", "2026-03-01T12:00:00Z", "finding.escalated", {
      rule: "cert.expired",
      automatic: true,
    });
    expect(describeEvent(e, (id) => (id === "cert.expired" ? "Expired certificate in use" : id))).toBe(
      "Expired certificate in use (automatic)",
    );
  });

  it("tells corrected times in the display zone (UTC unless another is given)", () => {
    const e = row("c", "2026-03-01T12:00:00Z", "detected.changed", {
      from: "2026-03-01T09:30:00Z",
      to: "2026-03-01T09:45:30Z",
    });
    expect(describeEvent(e)).toBe("2026-03-01 09:30:00 → 2026-03-01 09:45:30");
    // Kolkata is UTC+05:30 all year: the half hour shows the zone really moved the wall clock.
    expect(describeEvent(e, undefined, "Asia/Kolkata")).toBe("2026-03-01 15:00:00 → 2026-03-01 15:15:30");
    expect(historyEntries([e], [], undefined, "Asia/Kolkata")[0].detail).toBe(
      "2026-03-01 15:00:00 → 2026-03-01 15:15:30",
    );
  });

  it("lists the clock's milestones in time order and the age of open and resolved incidents", () => {
    const inc = {
      startedAt: new Date("2026-03-01T09:00:00Z"),
      detectedAt: new Date("2026-03-01T09:30:00Z"),
      acknowledgedAt: null,
      containedAt: new Date("2026-03-01T11:00:00Z"),
      resolvedAt: null,
    };
    expect(milestones(inc).map((m) => m.name)).toEqual(["started", "detected", "contained"]);
    expect(incidentAge(inc, new Date("2026-03-02T09:30:00Z"))).toEqual({ seconds: 86_400, open: true });
    expect(incidentAge({ ...inc, resolvedAt: new Date("2026-03-01T10:30:00Z") }, new Date())).toEqual({
      seconds: 3600,
      open: false,
    });
  });
});
