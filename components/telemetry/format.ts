// Small display helpers for the mesh page.
export const clusterLabel = (c: string | null) => c ?? "outside mesh";
export const clusterParam = (c: string | null) => c ?? "unknown";

export function pct(v: number | null, digits = 1): string {
  if (v === null) return "—";
  if (v > 99.95 && v < 100) return ">99.9 %";
  return `${v.toFixed(digits)} %`;
}

export function volume(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Red (0 %) → amber → green (100 %), light enough for dark text. */
export function coverageColor(p: number | null): string {
  if (p === null) return "#f3f4f6";
  const hue = Math.round(Math.max(0, Math.min(100, p)) * 1.2 * (p < 90 ? 0.5 : 1));
  return `hsl(${p >= 99.95 ? 140 : hue}, 70%, ${p >= 99.95 ? 88 : 86}%)`;
}

export function coverageBadge(p: number | null): "ok" | "warn" | "bad" | "" {
  if (p === null) return "";
  if (p >= 99.95) return "ok";
  if (p >= 90) return "warn";
  return "bad";
}

export function query(
  base: Record<string, string | undefined>,
  patch: Record<string, string | null>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...patch })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "?";
}
