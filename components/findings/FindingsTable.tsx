import Link from "next/link";
import { escalateAction } from "@/app/(app)/findings/actions";
import { ActionForm } from "@/components/incidents/ActionForm";
import { type Column, DataTable } from "@/components/ui/DataTable";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import type { FindingItem } from "@/lib/detection/queries";
import { ruleLabel } from "@/lib/detection/rules";
import { formatDuration } from "@/lib/incidents/display";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

/**
 * The findings list (detected, with its start and detection latency, in one column). The incident column (Escalate, or the incident's number) comes right after the
 * finding itself so the action is in view at 1440 px without scrolling the table sideways.
 */
export function FindingsTable({
  items,
  operator,
  zone,
}: {
  items: FindingItem[];
  operator: boolean;
  zone: string;
}) {
  const columns: Column<FindingItem>[] = [
    {
      key: "finding",
      header: "Finding",
      className: "finding-cell",
      cell: (f) => (
        <>
          {f.title} {f.demo && <span className="badge warn">demo</span>}
          <div className="small muted">{ruleLabel(f.rule)}</div>
        </>
      ),
    },
    { key: "severity", header: "Severity", cell: (f) => <SeverityBadge s={f.severity} /> },
    {
      key: "incident",
      header: "Incident",
      cell: (f) =>
        f.incidentId ? (
          <Link href={`/incidents/${f.incidentId}`}>#{f.incidentNumber}</Link>
        ) : operator && !f.resolvedAt ? (
          <ActionForm action={escalateAction} label={`Escalate ${f.title}`} submit="Escalate">
            <input type="hidden" name="id" value={f.id} />
          </ActionForm>
        ) : (
          "—"
        ),
    },
    { key: "subject", header: "Subject", className: "small subject-cell", cell: (f) => f.subject },
    {
      key: "detected",
      header: `Detected (${zoneLabel(zone)})`,
      className: "small nowrap",
      cell: (f) => (
        <>
          {formatInstant(f.detectedAt, zone, { seconds: true })}
          <div className="muted">
            started {f.startedAt ? formatInstant(f.startedAt, zone, { seconds: true }) : "—"}
            <br />
            latency {formatDuration(f.latencySeconds)}
          </div>
        </>
      ),
    },
    {
      key: "remediate",
      header: "To remediate",
      numeric: true,
      cell: (f) =>
        f.resolvedAt ? formatDuration(f.remediateSeconds) : <span className="badge warn">open</span>,
    },
  ];
  return (
    <DataTable
      caption="Findings"
      captionHidden
      columns={columns}
      rows={items}
      rowKey={(f) => f.id}
      empty="No finding matches these filters."
    />
  );
}
