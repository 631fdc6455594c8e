import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyField, copyLine } from "./copy-format";
import { copyLineOf, preparedDecision, rowOf, rowOfPrepared } from "./decision-row";
import type { PolicyDecision } from "./types";

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

describe("preparedDecision", () => {
  it("its COPY text joined with the two ids is the COPY line of rowOf, and reads back as rowOf (property)", () => {
    const text = fc.option(fc.string({ unit: "binary" }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          engine: fc.string(),
          decisionId: fc.string({ unit: "binary" }),
          time: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
          policy: text,
          rule: text,
          subject: text,
          target: text,
          action: text,
          result: fc.constantFrom("allow", "deny", "error"),
          reason: text,
          severity: text,
          details: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        (d) => {
          const decision = { ...d, cluster: null } as unknown as PolicyDecision;
          const [c, b] = ["7d0f8a4e-3b1c-4a57-9b61-0c1b2e3f4a5b", "0b0c1d2e-3f40-4152-8637-48596a7b8c9d"];
          const prepared = preparedDecision(decision);
          expect(copyLineOf(prepared, c, b)).toBe(copyLine(rowOf(decision, c, b)));
          expect(rowOfPrepared(prepared, c, b)).toEqual(rowOf(decision, c, b));
        },
      ),
    );
  });
});
