// KPI evidence paths: a dotted path into the GET /api/v1/kpis body whose value is a number (or null),
// e.g. "mtlsCoverage.crossClusterPercent". Pure.

export function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The numeric leaves of a KPI body (a leaf is a number or null), as dotted paths. */
export function numericPaths(obj: unknown, prefix = ""): string[] {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number" || v === null) out.push(p);
    else if (typeof v === "object") out.push(...numericPaths(v, p));
  }
  return out;
}

export type Direction = "above" | "below";

/** Is the live value past the link's threshold (above: value > threshold; below: value < threshold)? */
export function breached(
  value: number | null,
  threshold: number | null,
  direction: Direction | null,
): boolean {
  if (value === null || threshold === null || direction === null) return false;
  return direction === "above" ? value > threshold : value < threshold;
}
