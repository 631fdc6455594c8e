// "Needs attention now" from the KPI figures (pure). Domains that register an attention provider with
// item-level detail (lib/reports/registry.ts) replace the aggregate line of the same kind.
import type { Kpis } from "@/lib/kpi/compute";
import { round1 } from "@/lib/kpi/targets";
import { bySeverity } from "@/lib/severity";
import type { AttentionItem } from "./registry";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One item when at least one thing is counted, titled "<n things><rest>"; none otherwise. */
function counted(
  n: number,
  thing: string,
  rest: string,
  item: Omit<AttentionItem, "title">,
): AttentionItem[] {
  return n > 0 ? [{ ...item, title: `${plural(n, thing)}${rest}` }] : [];
}

export function attentionFromKpis(k: Kpis): AttentionItem[] {
  // Attention is computed from live figures; a past instant's inventory may be unknown (null).
  const cross = k.mtlsCoverage.crossClusterPercent;
  return [
    ...counted(k.certificates.expired ?? 0, "expired certificate", " in the inventory", {
      kind: "certificate-expired",
      href: "/certificates?status=expired",
      severity: "critical",
    }),
    ...counted(k.rotationOnSchedule.overdue, "certificate rotation", " overdue", {
      kind: "rotation-overdue",
      detail: "Past the renewal deadline without a successor",
      href: "/findings?rule=certificate.rotation-missed",
      severity: "high",
    }),
    ...counted(k.certificates.expiring7d ?? 0, "certificate", " expiring within 7 days", {
      kind: "certificate-expiring",
      href: "/certificates?status=expiring7d",
      severity: "medium",
    }),
    ...(cross !== null && cross < 100
      ? [
          {
            kind: "plaintext-edge",
            title: `${round1(100 - cross)} % of cross-cluster traffic is not mTLS`,
            detail: "Plaintext or unauthenticated edges between clusters",
            href: "/mesh?policy=none",
            severity: "high" as const,
          },
        ]
      : []),
    ...counted(k.risks.aboveAppetite, "risk", " above appetite", {
      kind: "risk-above-appetite",
      href: "/risks?aboveAppetite=1",
      severity: "high",
    }),
    ...counted(k.risks.overdueReview, "risk review", " overdue", {
      kind: "review-overdue",
      href: "/risks?overdue=1",
      severity: "medium",
    }),
  ];
}

/** Provider items first replace the KPI line of their kind; then by severity, then newest first. */
export function mergeAttention(fromKpis: AttentionItem[], fromProviders: AttentionItem[]): AttentionItem[] {
  const detailed = new Set(fromProviders.map((i) => i.kind));
  return [...fromKpis.filter((i) => !detailed.has(i.kind)), ...fromProviders].sort(
    (a, b) => bySeverity(a, b) || (b.at ?? "").localeCompare(a.at ?? ""),
  );
}
