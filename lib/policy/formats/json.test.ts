import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonArrayElements, parseTime } from "./json";

/** The body in pieces of `size` bytes, as a network stream might cut it (inside characters too). */
async function* chunksOf(text: string, size = 7) {
  const b = Buffer.from(text, "utf8");
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function elements(text: string, size?: number, max?: number) {
  const out: string[] = [];
  for await (const e of jsonArrayElements(chunksOf(text, size), max)) out.push(e.text);
  return out;
}

describe("json helpers", () => {
  it("timestamps: RFC 3339, epoch seconds, {seconds,nanos}, and junk", () => {
    expect(parseTime("2025-06-15T09:12:58.448120Z")?.toISOString()).toBe("2025-06-15T09:12:58.448Z");
    expect(parseTime(1749988742.009)?.toISOString()).toBe("2025-06-15T11:59:02.009Z");
    expect(parseTime({ seconds: "1749974400", nanos: 0 })?.toISOString()).toBe("2025-06-15T08:00:00.000Z");
    expect(parseTime("yesterday")).toBeNull();
    expect(parseTime("0001-01-01T00:00:00Z")).toBeNull();
  });

  it("the array splitter returns exactly the elements JSON.parse sees, however the text is wrapped or cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.constantFrom(0, 1, 2, "\t"),
        fc.integer({ min: 1, max: 64 }),
        async (arr, indent, size) => {
          const text = JSON.stringify(arr, null, indent);
          const got = (await elements(text, size)).map((t) => JSON.parse(t));
          expect(got).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects bodies that are not one closed array", async () => {
    await expect(elements('{"a":1}')).rejects.toThrow(/expected a JSON array/);
    await expect(elements("[1, 2")).rejects.toThrow(/not closed/);
    await expect(elements("[1] 2")).rejects.toThrow(/after the end/);
    await expect(elements("[1,,2]")).rejects.toThrow(/empty element/);
    expect(await elements("[]")).toEqual([]);
  });

  it("reports the element index and line of each element, and refuses an element over the limit with 413", async () => {
    const got: { index: number; line: number }[] = [];
    for await (const e of jsonArrayElements(chunksOf('[\n {"a":"x\\"y"},\n\n {"b":["]"]}]'))) got.push(e);
    expect(got.map((e) => [e.index, e.line])).toEqual([
      [0, 2],
      [1, 4],
    ]);
    const big = JSON.stringify([{ a: 1 }, { s: "x".repeat(200) }]);
    await expect(elements(big, 16, 100)).rejects.toMatchObject({
      code: "payload_too_large",
      message: expect.stringMatching(/element 1 \(line 1\).*limit of 100 bytes/),
    });
  });
});
