// CSV of the register: the columns, formula-injection escaping on export (a cell starting with = + - @
// tab or CR is prefixed with ' so spreadsheets show it as text) and its reversal plus row validation on
// import. Pure; lib/risks/import.ts does the writing.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { type Confidence, riskFields, type Status, scoresOf, type Treatment } from "./model";

export const CSV_COLUMNS = [
  "id",
  "version",
  "title",
  "description",
  "category",
  "owner",
  "clusters",
  "inherentLikelihood",
  "inherentImpact",
  "residualLikelihood",
  "residualImpact",
  "targetLikelihood",
  "targetImpact",
  "confidence",
  "treatment",
  "status",
  "reviewDue",
] as const;
/** Shown on export, ignored on import (derived or managed through the workflow). */
export const CSV_EXPORT_ONLY = [
  "inherentLevel",
  "residualLevel",
  "targetLevel",
  "aboveAppetite",
  "acceptanceApprover",
  "acceptanceExpiresAt",
  "updatedAt",
] as const;

const FORMULA = /^[=+\-@\t\r]/;

export function escapeCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  return FORMULA.test(s) ? `'${s}` : s;
}

export function unescapeCell(s: string): string {
  return s.length > 1 && s[0] === "'" && FORMULA.test(s.slice(1)) ? s.slice(1) : s;
}

const intScore = z
  .string()
  .trim()
  .regex(/^[1-5]$/, "must be a whole number from 1 to 5")
  .transform(Number);

const rowSchema = z.object({
  id: z.union([z.literal(""), z.uuid("must be a risk id (UUID) or empty")]),
  version: z.union([z.literal(""), z.string().regex(/^\d+$/, "must be a whole number").transform(Number)]),
  title: riskFields.title,
  description: riskFields.description,
  category: riskFields.category,
  owner: riskFields.owner,
  clusters: z.string().transform((s) =>
    s
      .split(/[;,]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
  inherentLikelihood: intScore,
  inherentImpact: intScore,
  residualLikelihood: intScore,
  residualImpact: intScore,
  targetLikelihood: intScore,
  targetImpact: intScore,
  confidence: riskFields.confidence,
  treatment: riskFields.treatment,
  status: riskFields.status,
  reviewDue: z.union([
    z.literal("").transform(() => null),
    z
      .string()
      .trim()
      .refine((s) => !Number.isNaN(new Date(s).getTime()), "must be a date (YYYY-MM-DD or ISO-8601)")
      .transform((s) => new Date(s)),
  ]),
});

export interface ImportRow {
  line: number;
  id: string | null;
  version: number | null;
  title: string;
  description: string;
  category: string;
  owner: string;
  clusters: string[];
  inherent: { likelihood: number; impact: number };
  residual: { likelihood: number; impact: number };
  target: { likelihood: number; impact: number };
  confidence: Confidence;
  treatment: Treatment;
  status: Status;
  reviewDue: Date | null;
}

export interface RowError {
  line: number;
  column?: string;
  message: string;
}

const REQUIRED = CSV_COLUMNS.filter(
  (c) =>
    c !== "id" &&
    c !== "version" &&
    c !== "reviewDue" &&
    c !== "description" &&
    c !== "category" &&
    c !== "clusters",
);

/**
 * Parses and validates the whole file. Lines are 1-based file lines (the header is line 1). Returns every
 * valid row and every error; the caller writes nothing unless errors is empty.
 */
export function parseRiskCsv(text: string): { rows: ImportRow[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    return {
      rows: [],
      errors: [
        { line: (e as { lines?: number }).lines ?? 0, message: `not valid CSV: ${(e as Error).message}` },
      ],
    };
  }
  if (records.length === 0)
    return { rows: [], errors: [{ line: 1, message: "the file is empty; expected a header row" }] };
  const header = records[0].map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    return { rows: [], errors: [{ line: 1, message: `missing column(s): ${missing.join(", ")}` }] };
  const known = new Set<string>([...CSV_COLUMNS, ...CSV_EXPORT_ONLY]);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length)
    return { rows: [], errors: [{ line: 1, message: `unknown column(s): ${unknown.join(", ")}` }] };
  const idx = new Map(header.map((h, i) => [h, i]));
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seenIds = new Set<string>();
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    const line = r + 1;
    if (rec.length !== header.length) {
      errors.push({ line, message: `has ${rec.length} cells; the header has ${header.length}` });
      continue;
    }
    const obj: Record<string, string> = {};
    for (const c of CSV_COLUMNS) obj[c] = unescapeCell(idx.has(c) ? rec[idx.get(c) as number] : "");
    const p = rowSchema.safeParse(obj);
    if (!p.success) {
      for (const i of p.error.issues)
        errors.push({ line, column: String(i.path[0] ?? ""), message: i.message });
      continue;
    }
    const d = p.data;
    if (d.id) {
      if (seenIds.has(d.id)) {
        errors.push({ line, column: "id", message: "the same risk id appears twice in the file" });
        continue;
      }
      seenIds.add(d.id);
    }
    rows.push({
      line,
      id: d.id || null,
      version: d.version === "" ? null : d.version,
      title: d.title,
      description: d.description,
      category: d.category,
      owner: d.owner,
      clusters: d.clusters,
      ...scoresOf(d),
      confidence: d.confidence,
      treatment: d.treatment,
      status: d.status,
      reviewDue: d.reviewDue,
    });
  }
  return { rows, errors };
}

/**
 * The export's file name says which filter it applied: `risks-<day>.csv` for the whole register,
 * `risks-<day>-cluster-eu-west-prod-above-appetite.csv` for a filtered one (at most 120 characters of
 * lowercase letters, digits and dashes, so every browser and file system keeps it as is).
 */
export function exportFileName(day: string, filters: readonly string[]): string {
  const slug = filters
    .join(" ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 120)
    .replace(/-$/, "");
  return slug ? `risks-${day}-${slug}.csv` : `risks-${day}.csv`;
}
