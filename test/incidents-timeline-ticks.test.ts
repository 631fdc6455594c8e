// The incident timeline's axis ticks: in the display zone, with the date for long incidents and seconds for
// short ones (an incident opened by hand has a single point, and its ticks are seconds apart).
import { describe, expect, it } from "vitest";
import { tickFormat } from "@/components/charts/incidents-timeline";

const t = Date.parse("2026-03-01T09:30:20Z");
const MIN = 60_000;

describe("incident timeline ticks", () => {
  it("shows the time of day in the zone, with seconds under half an hour and the date over 20 hours", () => {
    expect(tickFormat(0, "UTC")(t)).toBe("09:30:20");
    expect(tickFormat(0, "Asia/Kolkata")(t)).toBe("15:00:20");
    expect(tickFormat(2 * 60 * MIN, "Asia/Kolkata")(t)).toBe("15:00");
    expect(tickFormat(3 * 24 * 60 * MIN, "Asia/Kolkata")(t)).toBe("03-01 15:00");
  });
});
