// The executive summary's "because …" for rotation on schedule (issue 8): the issuer and cluster with the
// most versions renewed late, missed or overdue in the period. Pure, so the sentence is tested.

export interface RotationMiss {
  issuer: string;
  cluster: string | null;
  outcome: "late" | "missed" | "overdue";
}

/** Short issuer name: the CN of a DN, or a cert-manager issuer reference as it is. */
export function issuerName(issuer: string): string {
  return /(?:^|,\s*)CN=([^,]+)/i.exec(issuer)?.[1]?.trim() ?? issuer;
}

export function rotationCause(misses: readonly RotationMiss[]): string | null {
  if (misses.length === 0) return null;
  const groups = new Map<string, RotationMiss[]>();
  for (const m of misses) {
    const k = `${m.issuer}\u0000${m.cluster ?? ""}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  const [top] = [...groups.values()].sort(
    (a, b) => b.length - a.length || a[0].issuer.localeCompare(b[0].issuer),
  );
  const n = top.length;
  const late = top.filter((m) => m.outcome === "late").length;
  const verb =
    late === n
      ? "renewed late"
      : late === 0
        ? `${n === 1 ? "was" : "were"} not renewed in time`
        : "renewed late or not at all";
  const where = top[0].cluster ? ` in cluster ${top[0].cluster}` : "";
  const rest = misses.length - n;
  return `${n} certificate${n === 1 ? "" : "s"} of issuer ${issuerName(top[0].issuer)} ${verb}${where}${rest > 0 ? ` (and ${rest} more elsewhere)` : ""}`;
}
