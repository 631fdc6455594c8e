// The executive summary's "because …" for rotation on schedule (issue 8): the issuer and cluster with the
// most versions renewed late, missed or overdue in the period. Pure, so the sentence is tested.

export interface RotationMiss {
  issuer: string;
  cluster: string | null;
  outcome: "late" | "missed" | "overdue";
  /** How many versions this entry stands for (counted in SQL); 1 when absent. */
  count?: number;
}

/** Short issuer name: the CN of a DN, or a cert-manager issuer reference as it is. */
export function issuerName(issuer: string): string {
  return /(?:^|,\s*)CN=([^,]+)/i.exec(issuer)?.[1]?.trim() ?? issuer;
}

export function rotationCause(misses: readonly RotationMiss[]): string | null {
  const count = (m: RotationMiss) => m.count ?? 1;
  const total = misses.reduce((n, m) => n + count(m), 0);
  if (total === 0) return null;
  const groups = new Map<string, { issuer: string; cluster: string | null; n: number; late: number }>();
  for (const m of misses) {
    const k = `${m.issuer}\u0000${m.cluster ?? ""}`;
    const g = groups.get(k) ?? { issuer: m.issuer, cluster: m.cluster, n: 0, late: 0 };
    g.n += count(m);
    if (m.outcome === "late") g.late += count(m);
    groups.set(k, g);
  }
  const [top] = [...groups.values()].sort((a, b) => b.n - a.n || a.issuer.localeCompare(b.issuer));
  const { n, late } = top;
  const verb =
    late === n
      ? "renewed late"
      : late === 0
        ? `${n === 1 ? "was" : "were"} not renewed in time`
        : "renewed late or not at all";
  const where = top.cluster ? ` in cluster ${top.cluster}` : "";
  const rest = total - n;
  return `${n} certificate${n === 1 ? "" : "s"} of issuer ${issuerName(top.issuer)} ${verb}${where}${rest > 0 ? ` (and ${rest} more elsewhere)` : ""}`;
}
