// "Needs attention now" from the KPI figures (pure). Domains that register an attention provider with
// item-level detail (lib/reports/registry.ts) replace the aggregate line of the same kind.
import type { Kpis } from "@/lib/kpi/compute";
import { round1 } from "@/lib/kpi/targets";
import type { AttentionItem } from "./registry";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function attentionFromKpis(k: Kpis): AttentionItem[] {
  const out: AttentionItem[] = [];
  // Attention is computed from live figures; a past instant's inventory may be unknown (null).
  const expired = k.certificates.expired ?? 0;
  const expiring7d = k.certificates.expiring7d ?? 0;
  if (expired > 0) {
    out.push({
      kind: "certificate-expired",
      title: `${plural(expired, "expired certificate")} in the inventory`,
      href: "/certificates?status=expired",
      severity: "critical",
    });
  }
  if (k.rotationOnSchedule.overdue > 0) {
    out.push({
      kind: "rotation-overdue",
      title: `${plural(k.rotationOnSchedule.overdue, "certificate rotation")} overdue`,
      detail: "Past the renewal deadline without a successor",
      href: "/findings?rule=certificate.rotation-missed",
      severity: "high",
    });
  }
  if (expiring7d > 0) {
    out.push({
      kind: "certificate-expiring",
      title: `${plural(expiring7d, "certificate")} expiring within 7 days`,
      href: "/certificates?status=expiring7d",
      severity: "medium",
    });
  }
  const cross = k.mtlsCoverage.crossClusterPercent;
  if (cross !== null && cross < 100) {
    out.push({
      kind: "plaintext-edge",
      title: `${round1(100 - cross)} % of cross-cluster traffic is not mTLS`,
      detail: "Plaintext or unauthenticated edges between clusters",
      href: "/mesh?policy=none",
      severity: "high",
    });
  }
  if (k.risks.aboveAppetite > 0) {
    out.push({
      kind: "risk-above-appetite",
      title: `${plural(k.risks.aboveAppetite, "risk")} above appetite`,
      href: "/risks?aboveAppetite=1",
      severity: "high",
    });
  }
  if (k.risks.overdueReview > 0) {
    out.push({
      kind: "review-overdue",
      title: `${plural(k.risks.overdueReview, "risk review")} overdue`,
      href: "/risks?overdue=1",
      severity: "medium",
    });
  }
  return out;
}

const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Provider items first replace the KPI line of their kind; then by severity, then newest first. */
export function mergeAttention(fromKpis: AttentionItem[], fromProviders: AttentionItem[]): AttentionItem[] {
  const detailed = new Set(fromProviders.map((i) => i.kind));
  return [...fromKpis.filter((i) => !detailed.has(i.kind)), ...fromProviders].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || (b.at ?? "").localeCompare(a.at ?? ""),
  );
}
