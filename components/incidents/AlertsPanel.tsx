import Link from "next/link";
import { DataTable } from "@/components/ui/DataTable";
import { ruleLabel } from "@/lib/detection/rules";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

type Alert = IncidentDetail["alerts"][number];

/** The incident's alerts and the findings escalated into it (by rule label and readable subject). */
export function AlertsPanel({ d, zone }: { d: IncidentDetail; zone: string }) {
  const label = zoneLabel(zone, d.incident.detectedAt);
  const t = (at: Date | string) => formatInstant(at, zone, { seconds: true });
  const origin = d.incident.origin === "finding" ? "from a finding" : "by hand";
  return (
    <section className="card">
      <h2>Alerts</h2>
      <DataTable<Alert>
        caption="Alerts of this incident"
        captionHidden
        empty={`No alerts: this incident was opened ${origin}.`}
        rows={d.alerts}
        rowKey={(a) => a.id}
        columns={[
          {
            key: "alert",
            header: "Alert",
            cell: (a) => (
              <>
                {a.alertname}
                <div className="small muted">{a.summary}</div>
              </>
            ),
          },
          {
            key: "status",
            header: "Status",
            cell: (a) => (
              <span className={`badge ${a.status === "resolved" ? "ok" : "bad"}`}>{a.status}</span>
            ),
          },
          {
            key: "starts",
            header: `Starts (${label})`,
            className: "small nowrap",
            cell: (a) => t(a.startsAt),
          },
          {
            key: "ends",
            header: `Ends (${label})`,
            className: "small nowrap",
            cell: (a) =>
              a.status === "resolved" && a.endsAt ? (
                t(a.endsAt)
              ) : (
                <span className="muted" title="A firing alert's endsAt is provisional and never counts">
                  provisional
                </span>
              ),
          },
        ]}
      />
      {d.findings.length > 0 && (
        <>
          <h3 className="section-gap">Findings</h3>
          <ul>
            {d.findings.map((f) => (
              <li key={f.id}>
                {f.title}{" "}
                <span className="small muted">
                  ({ruleLabel(f.rule)} ·{" "}
                  {f.lineageId ? (
                    <Link href={`/certificates/lineages/${f.lineageId}`}>{f.subject}</Link>
                  ) : (
                    f.subject
                  )}{" "}
                  · detected {formatInstant(f.detectedAt, zone, { label: true })})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
