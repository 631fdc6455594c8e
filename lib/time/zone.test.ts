import { describe, expect, it } from "vitest";
import { formatInstant, fromZonedInput, toZonedInput, UTC, validZone, zoneLabel } from "./zone";

describe("the display time zone", () => {
  it("accepts IANA zones Intl knows and falls back to UTC for anything else", () => {
    expect(validZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(validZone("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
    for (const bad of [undefined, "", "Mars/Olympus", "Europe/Berlin; x", "a".repeat(80)])
      expect(validZone(bad)).toBe(UTC);
  });

  it("formats an instant in the zone, with the zone named (offsets from the tz database)", () => {
    const t = "2026-11-30T10:02:09.123Z";
    expect(formatInstant(t, UTC)).toBe("2026-11-30 10:02");
    expect(formatInstant(t, UTC, { millis: true, label: true })).toBe("2026-11-30 10:02:09.123 UTC");
    expect(formatInstant(t, "Europe/Berlin", { seconds: true })).toBe("2026-11-30 11:02:09");
    expect(formatInstant(t, "Asia/Kolkata")).toBe("2026-11-30 15:32");
    expect(formatInstant("2026-07-01T00:30:00Z", "America/New_York", { label: true })).toBe(
      "2026-06-30 20:30 America/New_York (UTC−04:00)",
    );
    expect(zoneLabel("Europe/Berlin", new Date("2026-11-30T00:00:00Z"))).toBe("Europe/Berlin (UTC+01:00)");
    expect(formatInstant("not a date", UTC)).toBe("—");
  });

  it("reads and writes datetime-local values in the zone, across daylight-saving changes", () => {
    expect(toZonedInput("2026-11-30T10:02:09Z", "Europe/Berlin")).toBe("2026-11-30T11:02");
    expect(fromZonedInput("2026-11-30T11:02", "Europe/Berlin")).toBe("2026-11-30T10:02:00.000Z");
    expect(fromZonedInput("2026-11-30T11:02", UTC)).toBe("2026-11-30T11:02:00.000Z");
    // Summer time in Berlin (UTC+2), and the morning after the switch in New York (UTC−4).
    expect(fromZonedInput("2026-07-01T12:00", "Europe/Berlin")).toBe("2026-07-01T10:00:00.000Z");
    expect(fromZonedInput("2026-03-08T09:00", "America/New_York")).toBe("2026-03-08T13:00:00.000Z");
    for (const iso of ["2026-03-29T00:59:00.000Z", "2026-03-29T01:00:00.000Z", "2026-10-25T02:30:00.000Z"])
      expect(fromZonedInput(toZonedInput(iso, "Europe/Berlin"), "Europe/Berlin")).toBe(iso);
    expect(fromZonedInput("yesterday", UTC)).toBe("");
  });
});
