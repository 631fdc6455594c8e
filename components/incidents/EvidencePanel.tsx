import { incidentAction } from "@/app/(app)/incidents/actions";
import { DataTable } from "@/components/ui/DataTable";
import { Field } from "@/components/ui/Field";
import type { EvidenceItem, IncidentDetail } from "@/lib/incidents/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { ActionForm } from "./ActionForm";

/** Linked evidence (unlinked rows dimmed), and for operators the evidence of the cluster they may link. */
export function EvidencePanel({ d, operator, zone }: { d: IncidentDetail; operator: boolean; zone: string }) {
  const inc = d.incident;
  const t = (at: Date | string) => formatInstant(at, zone, { seconds: true });
  return (
    <section className="card">
      <h2>Evidence</h2>
      <DataTable<EvidenceItem>
        caption="Evidence of this incident"
        captionHidden
        empty="Nothing linked. Evidence of the same cluster, namespace and workload within 30 minutes before detection links itself."
        rows={d.evidence}
        rowKey={(e) => e.id}
        rowClassName={(e) => (e.active ? undefined : "unlinked")}
        columns={[
          {
            key: "when",
            header: `When (${zoneLabel(zone, inc.detectedAt)})`,
            className: "small nowrap",
            cell: (e) => t(e.occurredAt),
          },
          {
            key: "what",
            header: "What",
            cell: (e) => (
              <>
                <span className="badge">{e.kind}</span> {e.summary}
              </>
            ),
          },
          {
            key: "link",
            header: "Link",
            className: "small",
            cell: (e) => (
              <>
                {e.active ? e.origin : "unlinked"}
                {operator && (
                  <ActionForm
                    action={incidentAction}
                    label={`${e.active ? "Unlink" : "Link"} ${e.summary}`}
                    submit={e.active ? "Unlink" : "Link again"}
                    danger={e.active}
                  >
                    <input type="hidden" name="id" value={inc.id} />
                    <input type="hidden" name="action" value={e.active ? "unlink" : "link"} />
                    <input type="hidden" name="evidenceId" value={e.id} />
                  </ActionForm>
                )}
              </>
            ),
          },
        ]}
      />
      {operator && d.candidates.length > 0 && (
        <details className="section-gap">
          <summary>
            Link other evidence of {inc.cluster ?? "this cluster"} (±2 h, {d.candidates.length})
          </summary>
          <ActionForm action={incidentAction} label="Link evidence" submit="Link">
            <input type="hidden" name="id" value={inc.id} />
            <input type="hidden" name="action" value="link" />
            <Field id="link-ev" label="Evidence">
              <select id="link-ev" name="evidenceId" className="wide">
                {d.candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {t(c.occurredAt)} · {c.kind} · {c.namespace ?? "—"}/{c.workload ?? "—"} ·{" "}
                    {c.summary.slice(0, 80)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="link-reason" label="Why">
              <input id="link-reason" name="reason" className="wide" />
            </Field>
          </ActionForm>
        </details>
      )}
    </section>
  );
}
