// Where each KPI figure opens: the records behind that number, with the same window, scope and filter
// (pure). The page it opens says which filter is on (components/ui/FilterNote.tsx).
import type { MetricKey } from "@/lib/kpi/targets";

export interface DrillScope {
  /** ISO instants of the half-open window [from, to). */
  from: string;
  to: string;
  cluster: string | null;
}

function q(params: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function drillHref(key: MetricKey, s: DrillScope): string {
  const w = { from: s.from, to: s.to, cluster: s.cluster };
  switch (key) {
    case "rotationOnSchedule.percent":
      return `/certificates/rotations${q(w)}`;
    case "mtlsCoverage.percent":
      return `/mesh${q({ ...w, reporter: "destination" })}`;
    case "mtlsCoverage.crossClusterPercent":
      return `/mesh${q({ ...w, reporter: "destination" })}#pairs`;
    case "mttd.medianSeconds":
      return `/incidents${q({ ...w, basis: "detected" })}`;
    case "timeToContainment.medianSeconds":
      return `/incidents${q({ ...w, basis: "contained" })}`;
    case "timeToResolve.medianSeconds":
      return `/incidents${q({ ...w, basis: "resolved" })}`;
    case "policy.compliance":
      // Compliance is the latest state of every report, as of now: the window does not apply.
      return `/policy${q({ cluster: s.cluster })}#compliance`;
    case "policy.denyRate":
      return `/policy${q({ cluster: s.cluster, dfrom: s.from, dto: s.to, dresult: "deny" })}#explorer`;
    case "certificates.expired":
      return `/certificates${q({ cluster: s.cluster, status: "expired" })}`;
    case "certificates.expiring7d":
      return `/certificates${q({ cluster: s.cluster, status: "expiring7d" })}`;
    case "certificates.weak":
      return `/certificates${q({ cluster: s.cluster, status: "weak" })}`;
    case "risks.aboveAppetite":
      return `/risks${q({ cluster: s.cluster, status: "open,treating,accepted", aboveAppetite: "1" })}`;
    case "risks.overdueReview":
      return `/risks${q({ cluster: s.cluster, status: "open,treating,accepted", overdue: "1" })}`;
    case "risks.open":
      return `/risks${q({ cluster: s.cluster, status: "open,treating,accepted" })}`;
  }
}
