// How policy pages show identities and rates (pure).

/** spiffe://acme.internal/ns/shop/sa/frontend → shop/sa/frontend (the full ID goes in a title or the detail). */
export const shortId = (id: string | null) => (id ? id.replace(/^spiffe:\/\/[^/]+\/ns\//, "") || "?" : "—");

/** 0.1234 → "12.3 %"; null → "—". */
export const pct = (v: number | null) => (v === null ? "—" : `${(Math.round(v * 1000) / 10).toFixed(1)} %`);

/** Fewer decisions than this in a bucket or window make its deny rate noise: it is shown, but marked. */
export const LOW_VOLUME = 20;

/** "3 of 12 decisions denied (25.0 %)", marked when there are too few decisions for the rate to mean much. */
export function denyText(p: { total: number; denied: number }): string {
  if (p.total === 0) return "no decisions";
  const s = `${p.denied.toLocaleString("en")} of ${p.total.toLocaleString("en")} decisions denied (${pct(p.denied / p.total)})`;
  return p.total < LOW_VOLUME ? `${s}, low volume` : s;
}
