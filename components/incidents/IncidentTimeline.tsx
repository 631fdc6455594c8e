import { IncidentTimelineChart, type TimelinePoint } from "@/components/charts/incidents-timeline";
import { DataTable } from "@/components/ui/DataTable";
import { milestones } from "@/lib/incidents/history";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

const CONFIDENCE: Record<string, (inc: IncidentDetail["incident"]) => string | null> = {
  started: (inc) => inc.startedConfidence,
  contained: (inc) => inc.containedConfidence,
};

/** Alerts, evidence and the status milestones on one labelled time axis, with the same points as a table. */
export function IncidentTimeline({ d, zone }: { d: IncidentDetail; zone: string }) {
  const inc = d.incident;
  const label = zoneLabel(zone, inc.detectedAt);
  const marks = milestones(inc).map((m) => ({ name: m.name, t: m.at.getTime() }));
  const points: TimelinePoint[] = [
    ...d.evidence
      .filter((e) => e.active)
      .map((e) => ({
        lane: "evidence" as const,
        t: new Date(e.occurredAt).getTime(),
        label: `${e.kind}: ${e.summary}`,
      })),
    ...d.alerts.flatMap((a) => [
      { lane: "alerts" as const, t: new Date(a.startsAt).getTime(), label: `${a.alertname} starts` },
      ...(a.status === "resolved" && a.endsAt
        ? [{ lane: "alerts" as const, t: new Date(a.endsAt).getTime(), label: `${a.alertname} resolved` }]
        : []),
    ]),
    ...milestones(inc).map((m) => {
      const c = CONFIDENCE[m.name]?.(inc);
      return { lane: "status" as const, t: m.at.getTime(), label: c ? `${m.name} (${c})` : m.name };
    }),
  ].sort((a, b) => a.t - b.t);
  return (
    <section className="card">
      <h2>Timeline</h2>
      <p className="small muted">
        Every milestone is a labelled line; hover a point for its time and what happened.
      </p>
      <IncidentTimelineChart points={points} marks={marks} zone={zone} />
      <details className="timeline-table">
        <summary>The timeline as a table</summary>
        <DataTable
          caption={`Timeline points (${label})`}
          captionHidden
          columns={[
            {
              key: "t",
              header: `Time (${label})`,
              className: "small nowrap",
              cell: (p) => formatInstant(p.t, zone, { seconds: true }),
            },
            { key: "lane", header: "Lane", cell: (p) => p.lane },
            { key: "what", header: "What", cell: (p) => p.label },
          ]}
          rows={points}
          rowKey={(p, i) => `${i}-${p.lane}-${p.t}`}
        />
      </details>
    </section>
  );
}
