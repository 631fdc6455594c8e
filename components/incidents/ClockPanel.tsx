import { formatDuration, formatTime } from "@/lib/incidents/display";
import type { IncidentDetail } from "@/lib/incidents/queries";

function Clock({ label, at, note }: { label: string; at: Date | null; note?: string }) {
  return (
    <div>
      <div className="small muted">{label}</div>
      <div>{formatTime(at)}</div>
      {note && <div className="small muted">{note}</div>}
    </div>
  );
}

/** The incident's durations (MTTD, to contain, to resolve) and the timestamps they come from. */
export function ClockPanel({ d }: { d: IncidentDetail }) {
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
      <div className="grid grid-4 clock-times">
        <Clock label="Started" at={inc.startedAt} note={inc.startedConfidence} />
        <Clock
          label="Detected"
          at={inc.detectedAt}
          note={
            inc.detectedManual
              ? "set by hand"
              : inc.origin === "alert"
                ? "earliest alert startsAt"
                : undefined
          }
        />
        <Clock label="Acknowledged" at={inc.acknowledgedAt} />
        <Clock label="Contained" at={inc.containedAt} note={inc.containedConfidence ?? undefined} />
        <Clock label="Resolved" at={inc.resolvedAt} />
        <div>
          <div className="small muted">Automatic evidence window</div>
          <div className="small">
            {formatTime(inc.evidenceWindow.from)} – {formatTime(inc.evidenceWindow.to)}
          </div>
        </div>
      </div>
    </section>
  );
}
