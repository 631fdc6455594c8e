import { formatDuration } from "@/lib/incidents/display";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

function Clock({ label, at, zone, note }: { label: string; at: Date | null; zone: string; note?: string }) {
  return (
    <div>
      <div className="small muted">{label}</div>
      <div>{at ? formatInstant(at, zone, { seconds: true }) : "—"}</div>
      {note && <div className="small muted">{note}</div>}
    </div>
  );
}

/** The incident's durations (MTTD, to contain, to resolve) and the timestamps they come from. */
export function ClockPanel({ d, zone }: { d: IncidentDetail; zone: string }) {
  const inc = d.incident;
  return (
    <section className="card" aria-label="Clock">
      <div className="grid grid-4">
        <div className="tile">
          <div className="label">MTTD</div>
          <div className="value">{formatDuration(inc.mttdSeconds)}</div>
          <div className="sub">
            start {inc.startedConfidence}
            {inc.startedManual ? " (set by hand)" : ""}
          </div>
        </div>
        <div className="tile">
          <div className="label">Time to contain</div>
          <div className="value">{formatDuration(inc.containSeconds)}</div>
          <div className="sub">
            {inc.containedAt
              ? `${inc.containedConfidence}${inc.containedManual ? " (set by hand)" : ""}`
              : "not contained"}
          </div>
        </div>
        <div className="tile">
          <div className="label">Time to resolve</div>
          <div className="value">{formatDuration(inc.resolveSeconds)}</div>
          <div className="sub">{inc.resolvedAt ? "resolved by an operator" : "not resolved"}</div>
        </div>
        <div className="tile">
          <div className="label">Linked</div>
          <div className="value">{d.evidence.filter((e) => e.active).length}</div>
          <div className="sub">
            evidence · {d.alerts.length} alerts · {d.findings.length} findings
          </div>
        </div>
      </div>
      <p className="small muted section-gap">Times in {zoneLabel(zone, inc.detectedAt)}</p>
      <div className="grid grid-4 clock-times">
        <Clock label="Started" at={inc.startedAt} zone={zone} note={inc.startedConfidence} />
        <Clock
          label="Detected"
          at={inc.detectedAt}
          zone={zone}
          note={
            inc.detectedManual
              ? "set by hand"
              : inc.origin === "alert"
                ? "earliest alert startsAt"
                : undefined
          }
        />
        <Clock label="Acknowledged" at={inc.acknowledgedAt} zone={zone} />
        <Clock
          label="Contained"
          at={inc.containedAt}
          zone={zone}
          note={inc.containedConfidence ?? undefined}
        />
        <Clock label="Resolved" at={inc.resolvedAt} zone={zone} />
        <div>
          <div className="small muted">Automatic evidence window</div>
          <div className="small">
            {formatInstant(inc.evidenceWindow.from, zone, { seconds: true })} –{" "}
            {formatInstant(inc.evidenceWindow.to, zone, { seconds: true })}
          </div>
        </div>
      </div>
    </section>
  );
}
