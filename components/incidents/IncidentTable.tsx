import Link from "next/link";
import { type Column, DataTable } from "@/components/ui/DataTable";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { formatDuration, incidentSubject } from "@/lib/incidents/display";
import type { IncidentListItem } from "@/lib/incidents/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { StatusBadge } from "./badges";

const columns = (zone: string): Column<IncidentListItem>[] => [
  { key: "number", header: "#", cell: (i) => i.number },
  {
    key: "title",
    header: "Title",
    cell: (i) => (
      <>
        <Link href={`/incidents/${i.id}`}>{i.title}</Link>{" "}
        {i.demo && <span className="badge warn">demo</span>}{" "}
        {i.problems.length > 0 && (
          <span className="badge bad" title={i.problems.join("; ")}>
            clock error
          </span>
        )}
        <div className="small muted">
          {i.origin} · {i.alerts} alert{i.alerts === 1 ? "" : "s"} · {i.evidence} evidence
        </div>
      </>
    ),
  },
  { key: "severity", header: "Severity", cell: (i) => <SeverityBadge s={i.severity} /> },
  { key: "status", header: "Status", cell: (i) => <StatusBadge s={i.status} /> },
  { key: "owner", header: "Owner", className: "small", cell: (i) => i.owner ?? "unassigned" },
  { key: "subject", header: "Subject", className: "mono small", cell: (i) => incidentSubject(i) },
  {
    key: "detected",
    header: `Detected (${zoneLabel(zone)})`,
    className: "small nowrap",
    cell: (i) => formatInstant(i.detectedAt, zone),
  },
  {
    key: "mttd",
    header: "MTTD",
    numeric: true,
    cell: (i) => (
      <span title={`start ${i.startedConfidence}`}>
        {formatDuration(i.mttdSeconds)}
        {i.startedConfidence === "estimated" && <span className="small muted"> (est.)</span>}
      </span>
    ),
  },
  { key: "contain", header: "To contain", numeric: true, cell: (i) => formatDuration(i.containSeconds) },
  { key: "resolve", header: "To resolve", numeric: true, cell: (i) => formatDuration(i.resolveSeconds) },
];

/** The incidents list: who owns each one comes right after its state, before the clock figures. */
export function IncidentTable({ items, zone }: { items: IncidentListItem[]; zone: string }) {
  return (
    <DataTable
      caption="Incidents"
      captionHidden
      columns={columns(zone)}
      rows={items}
      rowKey={(i) => i.id}
      empty="No incident matches these filters."
    />
  );
}
