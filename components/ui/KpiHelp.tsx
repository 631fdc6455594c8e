import { kpiHelp } from "@/lib/kpi/help";

/**
 * "How is this computed": a small disclosure beside a KPI with its definition and a link to the full
 * list. Native <details>, so it needs no script, works by keyboard and prints closed.
 */
export function KpiHelp({ metric, label }: { metric: string; label?: string }) {
  const h = kpiHelp(metric);
  if (!h) return null;
  return (
    <details className="kpi-help no-print">
      <summary aria-label={`How is ${label ?? h.title} computed?`} title="How is this computed?">
        ?
      </summary>
      <div className="kpi-help-body" role="note">
        <strong>{h.title}</strong>
        <p>{h.text}</p>
        <a href={`/help/kpis#${h.anchor}`}>All KPI definitions</a>
      </div>
    </details>
  );
}
