import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import { KPI_HELP } from "@/lib/kpi/help";
import { METRICS } from "@/lib/kpi/targets";

export const metadata: Metadata = { title: "How the KPIs are computed" };

function KpiHelpPage() {
  const seen = new Set<string>();
  const entries = METRICS.map((m) => KPI_HELP[m.key]).filter(
    (h) => !seen.has(h.anchor) && seen.add(h.anchor),
  );
  return (
    <>
      <PageHeader
        title="How the KPIs are computed"
        subtitle="Every period is half-open: from its first instant up to, not including, its end (UTC). Durations are medians unless the label says otherwise."
      />
      <div className="stack">
        {entries.map((h) => (
          <section key={h.anchor} id={h.anchor} className="card" aria-labelledby={`${h.anchor}-h`}>
            <h2 id={`${h.anchor}-h`}>{h.title}</h2>
            <p className="flush">{h.text}</p>
          </section>
        ))}
      </div>
    </>
  );
}

export default securePage("read", KpiHelpPage);
