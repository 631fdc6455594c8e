import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { incidentSeverity, parseAlertmanagerWebhook } from "./alertmanager";

const fixture = (f: string) =>
  readFileSync(path.resolve(import.meta.dirname, "../../demo/fixtures/incidents", f), "utf8");
const NOW = new Date("2025-06-15T12:00:00Z");

describe("Alertmanager webhook v4", () => {
  it("parses the grouped firing sample: two alerts, provisional endsAt kept but marked firing", () => {
    const items = parseAlertmanagerWebhook(fixture("alertmanager-webhook.json"), { cluster: null, now: NOW });
    expect(items).toHaveLength(2);
    const [a, b] = items;
    if (!a.ok || !b.ok) throw new Error("expected both alerts to parse");
    expect(a.record).toMatchObject({
      fingerprint: "3b1f0e9a7c2d4e58",
      status: "firing",
      alertname: "CrossClusterPolicyDrops",
      severity: "critical",
    });
    expect(a.record.subject).toEqual({
      cluster: "eu-west-prod",
      namespace: "shop",
      workload: "frontend",
      alertSubject: null,
    });
    expect(b.record.startsAt.toISOString()).toBe("2025-06-15T09:12:45.000Z");
    expect(b.record.endsAt?.toISOString()).toBe("2025-06-15T09:16:45.000Z");
  });
  it("parses the resolved sample with real endsAt", () => {
    const items = parseAlertmanagerWebhook(fixture("alertmanager-webhook-resolved.json"), {
      cluster: null,
      now: NOW,
    });
    expect(items.map((i) => (i.ok ? [i.record.status, i.record.endsAt?.toISOString()] : i.reason))).toEqual([
      ["resolved", "2025-06-15T09:42:30.104Z"],
      ["resolved", "2025-06-15T09:44:45.000Z"],
    ]);
  });
  it("refuses other versions and non-objects as a whole (400)", () => {
    const body = JSON.parse(fixture("alertmanager-webhook.json"));
    for (const bad of [
      JSON.stringify({ ...body, version: "3" }),
      JSON.stringify({ ...body, version: undefined }),
      "[1]",
      "{nope",
    ]) {
      expect(() => parseAlertmanagerWebhook(bad, { cluster: null })).toThrow(AppError);
    }
    expect(() =>
      parseAlertmanagerWebhook(JSON.stringify({ ...body, version: 4 }), { cluster: null }),
    ).toThrow(/version 4 is not supported; expected "4"/);
  });
  it("rejects single alerts with a reason: no labels, bad times, resolved without endsAt", () => {
    const base = {
      status: "firing",
      labels: { alertname: "X" },
      startsAt: "2025-06-15T09:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
    };
    const text = JSON.stringify({
      version: "4",
      groupKey: "{}",
      status: "firing",
      alerts: [
        { ...base, labels: {} },
        { ...base, labels: undefined },
        { ...base, startsAt: "1999-12-31T23:59:59Z" },
        { ...base, startsAt: "2031-01-01T00:00:00Z" },
        { ...base, status: "resolved", endsAt: "0001-01-01T00:00:00Z" },
        { ...base, status: "resolved", endsAt: "2025-06-15T08:00:00Z" },
        { ...base, status: "pending" },
        base,
      ],
    });
    const items = parseAlertmanagerWebhook(text, { cluster: "dev-1", now: NOW });
    expect(items.map((i) => (i.ok ? "ok" : i.reason))).toEqual([
      "alert has no labels (an alert is identified by its labels)",
      "alert has no labels (an alert is identified by its labels)",
      "startsAt 1999-12-31T23:59:59.000Z is before 2000",
      "startsAt 2031-01-01T00:00:00.000Z is in the future",
      "resolved alert: endsAt is missing (0001-01-01 means unset)",
      "resolved alert: endsAt 2025-06-15T08:00:00.000Z is before startsAt 2025-06-15T09:00:00.000Z",
      'status "pending" is neither "firing" nor "resolved"',
      "ok",
    ]);
    const last = items[7];
    if (!last.ok) throw new Error("expected ok");
    // No fingerprint sent: one derived from the labels; 0001-01-01 means "no end".
    expect(last.record.fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(last.record.endsAt).toBeNull();
    expect(last.record.subject.cluster).toBe("dev-1");
  });
  it("maps alert severities onto five levels", () => {
    expect(["critical", "warning", "error", "info", "page", undefined].map(incidentSeverity)).toEqual([
      "critical",
      "medium",
      "high",
      "info",
      "critical",
      "medium",
    ]);
  });
});
