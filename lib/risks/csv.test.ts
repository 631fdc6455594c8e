import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, escapeCell, exportFileName, parseRiskCsv, unescapeCell } from "./csv";

const header = CSV_COLUMNS.join(",");
const row = (over: Record<string, string> = {}) =>
  CSV_COLUMNS.map((c) => {
    const d: Record<string, string> = {
      id: "",
      version: "",
      title: "Plaintext eu→us",
      description: "d",
      category: "mesh",
      owner: "a@b.c",
      clusters: "eu;us",
      inherentLikelihood: "4",
      inherentImpact: "5",
      residualLikelihood: "3",
      residualImpact: "4",
      targetLikelihood: "2",
      targetImpact: "2",
      confidence: "high",
      treatment: "mitigate",
      status: "open",
      reviewDue: "2026-12-01",
    };
    return over[c] ?? d[c];
  }).join(",");

describe("formula escaping", () => {
  it("prefixes cells starting with = + - @ tab CR with a quote, and import removes it", () => {
    for (const s of ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]) {
      expect(escapeCell(s)).toBe(`'${s}`);
      expect(unescapeCell(escapeCell(s))).toBe(s);
    }
    expect(escapeCell("plain")).toBe("plain");
    expect(escapeCell(3)).toBe("3");
    expect(unescapeCell("'plain")).toBe("'plain");
  });
});

describe("parseRiskCsv", () => {
  it("parses a valid row", () => {
    const { rows, errors } = parseRiskCsv(`${header}\n${row()}\n`);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      line: 2,
      title: "Plaintext eu→us",
      clusters: ["eu", "us"],
      inherent: { likelihood: 4, impact: 5 },
      residual: { likelihood: 3, impact: 4 },
    });
  });

  it("reports each bad row with its line and column", () => {
    const text = [
      header,
      row(),
      row({ inherentLikelihood: "6" }),
      row({ status: "wontfix", owner: "" }),
      row(),
    ].join("\n");
    const { rows, errors } = parseRiskCsv(text);
    expect(rows).toHaveLength(2);
    expect(errors).toEqual([
      { line: 3, column: "inherentLikelihood", message: "must be a whole number from 1 to 5" },
      { line: 4, column: "owner", message: "is required" },
      { line: 4, column: "status", message: "must be one of open, treating, accepted, closed" },
    ]);
  });

  it("refuses missing and unknown columns", () => {
    expect(parseRiskCsv("title,owner\nx,y").errors[0].message).toMatch(/missing column/);
    expect(parseRiskCsv(`${header},colour\n${row()},red`).errors[0].message).toMatch(/unknown column/);
  });
});

describe("export file name", () => {
  it("says which filter the export applied, in characters every file system keeps", () => {
    expect(exportFileName("2026-11-30", [])).toBe("risks-2026-11-30.csv");
    expect(exportFileName("2026-11-30", ["cluster eu-west-prod", "above appetite", "text “a/b”"])).toBe(
      "risks-2026-11-30-cluster-eu-west-prod-above-appetite-text-a-b.csv",
    );
    const long = exportFileName("2026-11-30", ["text " + "x".repeat(500)]);
    expect(long.length).toBeLessThanOrEqual("risks-2026-11-30-.csv".length + 120);
    expect(long).toMatch(/^risks-2026-11-30-[a-z0-9-]+[a-z0-9]\.csv$/);
  });
});
