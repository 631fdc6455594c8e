import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFalcoLine } from "./falco";

const lines = readFileSync(
  path.resolve(import.meta.dirname, "../../demo/fixtures/incidents/falco-alerts.jsonl"),
  "utf8",
)
  .trim()
  .split("\n");
const NOW = new Date("2025-06-15T12:00:00Z");

describe("Falco json_output lines", () => {
  it("parses syscall events with the pod's workload", () => {
    const r = parseFalcoLine(lines[0], NOW);
    if (!r.ok) throw new Error(r.reason);
    expect(r.record).toMatchObject({
      rule: "Terminal shell in container",
      priority: "Notice",
      severity: "low",
      namespace: "shop",
      pod: "frontend-6b7c8d9e0-f4g5h",
      workload: "frontend",
      cluster: null,
      source: "syscall",
    });
    expect(r.record.time.toISOString()).toBe("2025-06-15T09:11:47.302Z");
    expect(r.record.ref).toMatch(/^sha256:/);
  });
  it("reads the target of k8s_audit events", () => {
    const r = parseFalcoLine(lines[4], NOW);
    if (!r.ok) throw new Error(r.reason);
    expect(r.record).toMatchObject({ namespace: "shop", workload: "frontend", source: "k8s_audit" });
  });
  it("drops null and <NA> fields instead of storing them", () => {
    const line = JSON.stringify({
      time: "2025-06-15T09:00:00Z",
      rule: "R",
      priority: "Critical",
      output: "x gparent=<NA>",
      output_fields: {
        "k8s.ns.name": null,
        "k8s.pod.name": "<NA>",
        "proc.name": "sh",
        "proc.aname[2]": null,
      },
    });
    const r = parseFalcoLine(line, NOW);
    if (!r.ok) throw new Error(r.reason);
    expect(r.record.fields).toEqual({ "proc.name": "sh" });
    expect(r.record).toMatchObject({ namespace: null, pod: null, workload: null, severity: "critical" });
  });
  it("rejects lines that are not events, with a reason", () => {
    expect(parseFalcoLine("{oops", NOW)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not JSON/),
    });
    expect(parseFalcoLine('{"time":"2025-06-15T09:00:00Z"}', NOW)).toEqual({
      ok: false,
      reason: "rule is missing",
    });
    expect(parseFalcoLine('{"rule":"R","time":null}', NOW)).toEqual({ ok: false, reason: "time is missing" });
    expect(parseFalcoLine('{"rule":"R","time":"1970-01-01T00:00:00Z"}', NOW)).toEqual({
      ok: false,
      reason: "time 1970-01-01T00:00:00.000Z is before 2000",
    });
    expect(parseFalcoLine('{"rule":"R","time":"2025-06-16T00:00:00Z"}', NOW)).toEqual({
      ok: false,
      reason: "time 2025-06-16T00:00:00.000Z is in the future",
    });
  });
});
