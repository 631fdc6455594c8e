import { incidentAction, patchIncidentAction } from "@/app/(app)/incidents/actions";
import { Field } from "@/components/ui/Field";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { SEVERITIES } from "@/lib/severity";
import { toZonedInput, zoneLabel } from "@/lib/time/zone";
import { ActionForm } from "./ActionForm";

const NEXT: Record<string, string[]> = {
  open: ["acknowledge", "contain", "resolve"],
  acknowledged: ["contain", "resolve"],
  contained: ["resolve"],
  resolved: [],
};

/** The statuses an incident can move to next, in order. */
export const nextStatuses = (status: string): string[] => NEXT[status] ?? [];

/** Operator forms: move the status (at a given time), correct a timestamp, add a note, change severity. */
/** Times are typed in the display zone; the server action reads them in the same zone. */
export function ActionsPanel({ inc, zone }: { inc: IncidentDetail["incident"]; zone: string }) {
  const next = nextStatuses(inc.status);
  const label = zoneLabel(zone);
  return (
    <section className="card no-print" aria-label="Actions" id="actions">
      <h2>Actions</h2>
      <div className="grid grid-3">
        <div>
          <h3>Status</h3>
          {next.length === 0 ? (
            <p className="muted small">Resolved. Correct its timestamps below if needed.</p>
          ) : (
            <ActionForm action={incidentAction} label="Change status" submit="Apply">
              <input type="hidden" name="id" value={inc.id} />
              <Field id="st-action" label="Move to">
                <select id="st-action" name="action" className="wide">
                  {next.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="st-at" label={`At (${label})`} hint="empty = now">
                <input id="st-at" name="at" type="datetime-local" step={1} className="wide" />
              </Field>
              <Field id="st-reason" label="Why">
                <input id="st-reason" name="reason" className="wide" />
              </Field>
            </ActionForm>
          )}
        </div>
        <div>
          <h3>Correct a timestamp</h3>
          <ActionForm action={incidentAction} label="Correct a timestamp" submit="Correct">
            <input type="hidden" name="id" value={inc.id} />
            <input type="hidden" name="action" value="correct" />
            <Field id="c-field" label="Field">
              <select id="c-field" name="field" className="wide">
                {["startedAt", "detectedAt", "acknowledgedAt", "containedAt", "resolvedAt"].map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </Field>
            <Field
              id="c-value"
              label={`New value (${label})`}
              hint="empty = back to the automatic rule (start, detection, containment)"
            >
              <input
                id="c-value"
                name="value"
                type="datetime-local"
                step={1}
                defaultValue={toZonedInput(inc.startedAt, zone)}
                className="wide"
              />
            </Field>
            <Field id="c-conf" label="Confidence (start only)">
              <select id="c-conf" name="confidence" defaultValue="observed" className="wide">
                <option>observed</option>
                <option>estimated</option>
              </select>
            </Field>
            <Field id="c-reason" label="Why (required)">
              <input id="c-reason" name="reason" required minLength={3} className="wide" />
            </Field>
          </ActionForm>
        </div>
        <div>
          <h3>Note</h3>
          <ActionForm action={incidentAction} label="Add a note" submit="Add note">
            <input type="hidden" name="id" value={inc.id} />
            <input type="hidden" name="action" value="note" />
            <Field id="note-text" label="Note">
              <textarea id="note-text" name="text" required rows={3} className="wide" />
            </Field>
          </ActionForm>
          <h3 className="section-gap">Severity</h3>
          <ActionForm action={patchIncidentAction} label="Change severity" submit="Save">
            <input type="hidden" name="id" value={inc.id} />
            <Field id="p-sev" label="Severity">
              <select id="p-sev" name="severity" defaultValue={inc.severity} className="wide">
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </Field>
          </ActionForm>
        </div>
      </div>
    </section>
  );
}
