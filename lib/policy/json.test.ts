import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonArrayElements, parseTime, workloadOfPod } from "./json";

async function* linesOf(text: string) {
  let n = 0;
  for (const t of text.split("\n")) yield { line: ++n, text: t };
}
async function elements(text: string) {
  const out: string[] = [];
  for await (const e of jsonArrayElements(linesOf(text))) out.push(e.text);
  return out;
}

describe("json helpers", () => {
  it("workload names from pod names", () => {
    expect(workloadOfPod("payments-api-7f9d8c6b5-9xk2m")).toBe("payments-api");
    expect(workloadOfPod("ledger-db-0")).toBe("ledger-db");
    expect(workloadOfPod("batch-exporter-28790400-kq8zt")).toBe("batch-exporter");
    expect(workloadOfPod("debug-netshoot-7c9f")).toBe("debug-netshoot-7c9f");
  });

  it("timestamps: RFC 3339, epoch seconds, {seconds,nanos}, and junk", () => {
    expect(parseTime("2025-06-15T09:12:58.448120Z")?.toISOString()).toBe("2025-06-15T09:12:58.448Z");
    expect(parseTime(1749988742.009)?.toISOString()).toBe("2025-06-15T11:59:02.009Z");
    expect(parseTime({ seconds: "1749974400", nanos: 0 })?.toISOString()).toBe("2025-06-15T08:00:00.000Z");
    expect(parseTime("yesterday")).toBeNull();
    expect(parseTime("0001-01-01T00:00:00Z")).toBeNull();
  });

  it("the array splitter returns exactly the elements JSON.parse sees, however the text is wrapped", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.constantFrom(0, 1, 2, "\t"),
        async (arr, indent) => {
          const text = JSON.stringify(arr, null, indent);
          const got = (await elements(text)).map((t) => JSON.parse(t));
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
});
