// Register filters, sort and paging from a query string (the API and the page share them, so a page URL
// and an export URL filter the same way). Pure.
import { badRequest } from "@/lib/errors";
import { STATUSES, type Status } from "./model";

export const SORTS = [
  "title",
  "status",
  "reviewDue",
  "updatedAt",
  "residualScore",
  "inherentScore",
  "targetScore",
  "owner",
  "category",
] as const;
export type SortKey = (typeof SORTS)[number];

export interface RiskFilters {
  status: Status[];
  level: string[];
  owner: string | null;
  cluster: string | null;
  category: string | null;
  q: string | null;
  overdue: boolean;
  aboveAppetite: boolean;
  /** Heat-map cell: residual likelihood and impact. */
  likelihood: number | null;
  impact: number | null;
  sort: SortKey;
  desc: boolean;
  page: number;
  pageSize: number;
}

const list = (v: string | null) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function bool(name: string, v: string | null): boolean {
  if (v === null || v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw badRequest(`${name}: expected true or false, got "${v.slice(0, 20)}"`);
}

function int(name: string, v: string | null, min: number, max: number, dflt: number | null): number | null {
  if (v === null || v === "") return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw badRequest(`${name}: expected a whole number ${min}–${max}, got "${v.slice(0, 20)}"`);
  return Number(v);
}

export function parseFilters(p: URLSearchParams, maxPageSize = 500): RiskFilters {
  const status = list(p.get("status"));
  for (const s of status)
    if (!(STATUSES as readonly string[]).includes(s))
      throw badRequest(`status: "${s.slice(0, 20)}" is not one of ${STATUSES.join(", ")}`);
  const level = list(p.get("level"));
  for (const l of level)
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(l)) throw badRequest(`level: "${l.slice(0, 20)}" is not a level key`);
  const rawSort = p.get("sort") || "-residualScore";
  const desc = rawSort.startsWith("-");
  const sort = rawSort.replace(/^-/, "");
  if (!(SORTS as readonly string[]).includes(sort))
    throw badRequest(
      `sort: "${sort.slice(0, 20)}" is not one of ${SORTS.join(", ")} (prefix - for descending)`,
    );
  return {
    status: status as Status[],
    level,
    owner: p.get("owner")?.trim() || null,
    cluster: p.get("cluster")?.trim() || null,
    category: p.get("category")?.trim() || null,
    q: p.get("q")?.trim().slice(0, 200) || null,
    overdue: bool("overdue", p.get("overdue")),
    aboveAppetite: bool("aboveAppetite", p.get("aboveAppetite")),
    likelihood: int("likelihood", p.get("likelihood"), 1, 5, null),
    impact: int("impact", p.get("impact"), 1, 5, null),
    sort: sort as SortKey,
    desc,
    page: int("page", p.get("page"), 1, 1_000_000, 1) as number,
    pageSize: int("pageSize", p.get("pageSize"), 1, maxPageSize, 50) as number,
  };
}

/** The filter part of a query string (no paging), in a stable order, for saving and for links. */
export function filterQuery(f: RiskFilters): string {
  const q = new URLSearchParams();
  if (f.status.length) q.set("status", f.status.join(","));
  if (f.level.length) q.set("level", f.level.join(","));
  if (f.owner) q.set("owner", f.owner);
  if (f.cluster) q.set("cluster", f.cluster);
  if (f.category) q.set("category", f.category);
  if (f.q) q.set("q", f.q);
  if (f.overdue) q.set("overdue", "true");
  if (f.aboveAppetite) q.set("aboveAppetite", "true");
  if (f.likelihood) q.set("likelihood", String(f.likelihood));
  if (f.impact) q.set("impact", String(f.impact));
  const sort = `${f.desc ? "-" : ""}${f.sort}`;
  if (sort !== "-residualScore") q.set("sort", sort);
  return q.toString();
}

/**
 * The active filters in words, one entry per filter, for the note that says what the register shows
 * (remembered filters included) and for the export's file name. Sorting and paging are not filters.
 */
export function describeFilters(
  f: RiskFilters,
  names: { level?: (key: string) => string; owner?: (id: string) => string } = {},
): string[] {
  const out: string[] = [];
  if (f.status.length) out.push(`status ${f.status.join(" or ")}`);
  if (f.level.length) out.push(`residual level ${f.level.map((l) => names.level?.(l) ?? l).join(" or ")}`);
  if (f.owner) out.push(`owner ${names.owner?.(f.owner) ?? f.owner}`);
  if (f.cluster) out.push(`cluster ${f.cluster}`);
  if (f.category) out.push(`category ${f.category}`);
  if (f.q) out.push(`text “${f.q}”`);
  if (f.overdue) out.push("review overdue");
  if (f.aboveAppetite) out.push("above appetite");
  if (f.likelihood || f.impact) out.push(`likelihood ${f.likelihood ?? "any"} × impact ${f.impact ?? "any"}`);
  return out;
}
