import { DataTable } from "@/components/ui/DataTable";
import type { HistoryEntry } from "@/lib/incidents/history";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

/**
 * The incident's history in the order things happened. Where a row was recorded later than the thing it
 * tells (a status set "at" an earlier time, an alert that started before it joined), both times show.
 */
export function HistoryTable({ entries, zone }: { entries: HistoryEntry[]; zone: string }) {
  const label = zoneLabel(zone, entries[0]?.happenedAt);
  const t = (at: Date) => formatInstant(at, zone, { seconds: true });
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <DataTable<HistoryEntry>
        caption={`Incident history (${label})`}
        captionHidden
        className="incident-history"
        rows={entries}
        rowKey={(e) => e.id}
        empty="Nothing recorded yet."
        columns={[
          {
            key: "when",
            header: `Happened (${label})`,
            className: "small nowrap",
            cell: (e) => (
              <>
                <time dateTime={e.happenedAt.toISOString()}>{t(e.happenedAt)}</time>
                {Math.abs(e.at.getTime() - e.happenedAt.getTime()) >= 1000 && (
                  <div className="muted">recorded {t(e.at)}</div>
                )}
              </>
            ),
          },
          { key: "who", header: "Who", className: "small", cell: (e) => e.actorLabel ?? e.actorType },
          {
            key: "what",
            header: "What",
            cell: (e) => (
              <>
                <strong>{e.label}</strong> <span className="small">{e.detail}</span>
              </>
            ),
          },
          { key: "why", header: "Why", className: "small", cell: (e) => e.reason ?? "" },
        ]}
      />
    </section>
  );
}
