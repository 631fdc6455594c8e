import { describe, expect, it } from "vitest";
import { byteUnit, formatBytes } from "./bytes";

describe("formatBytes", () => {
  it("keeps small files in bytes (a 5,287-byte file is not 0.0 MB)", () => {
    expect(formatBytes(5287)).toBe("5.2 KiB");
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(0)).toBe("0 B");
  });
  it("steps by 1024 with one decimal below ten", () => {
    expect(formatBytes(3.2 * 1024 * 1024)).toBe("3.2 MiB");
    expect(formatBytes(740 * 1024)).toBe("740 KiB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5.0 TiB");
  });
  it("can show a part in the unit of the whole (progress bars)", () => {
    const whole = byteUnit(5287);
    expect(formatBytes(0, whole)).toBe("0.0 KiB");
    expect(formatBytes(5287, whole)).toBe("5.2 KiB");
    expect(formatBytes(900, byteUnit(900))).toBe("900 B");
  });
});
