import { KpiHelp } from "@/components/ui/KpiHelp";
import { formatDuration } from "@/lib/incidents/display";
import type { DurationStats } from "@/lib/kpi/stats";

/**
 * A duration KPI as a tile: the median is the headline everywhere (Overview, report, Incidents, Findings);
 * mean and p90 stand beside it, with the count and anything left out.
 */
export function DurationTile({
  title,
  s,
  metric,
  help,
}: {
  title: string;
  s: DurationStats & { excluded?: number; dataErrors?: number };
  /** The KPI path for the "how is this computed" popover, when it is one of the catalogue's. */
  metric?: string;
  help?: string;
}) {
  return (
    <section className="card tile" aria-label={title}>
      <div className="label">
        {title} (median)
        {metric && <KpiHelp metric={metric} label={title} />}
      </div>
      <div className="value">{formatDuration(s.medianSeconds)}</div>
      <div className="sub">
        mean {formatDuration(s.meanSeconds)} · p90 {formatDuration(s.p90Seconds)}
      </div>
      <div className="sub">
        n = {s.n}
        {s.excluded ? ` · ${s.excluded} excluded (unknown start)` : ""}
        {s.dataErrors ? (
          <>
            {" · "}
            <span className="badge bad">
              {s.dataErrors} data error{s.dataErrors > 1 ? "s" : ""}
            </span>
          </>
        ) : null}
      </div>
      {help && <div className="sub">{help}</div>}
    </section>
  );
}
