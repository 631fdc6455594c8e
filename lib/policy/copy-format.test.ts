import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyField } from "./copy-format";

// Inverse of COPY's text-format escapes, as PostgreSQL reads them.
const unescapeCopy = (s: string) =>
  s.replace(/\\(.)/g, (_m, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c));

describe("copyField", () => {
  it("NULL and the four escaped characters", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
  });

  it("never emits a raw separator and round-trips any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = copyField(s);
        expect(/[\t\n\r]/.test(e)).toBe(false);
        expect(unescapeCopy(e)).toBe(s);
      }),
    );
  });
});
