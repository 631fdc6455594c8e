import { createIncidentAction } from "@/app/(app)/incidents/actions";
import { Field } from "@/components/ui/Field";
import { SEVERITIES } from "@/lib/severity";
import { zoneLabel } from "@/lib/time/zone";
import { ActionForm } from "./ActionForm";
import { type Assignee, AssigneeOptions } from "./AssigneeForm";

/** Opens an incident by hand (operators): title, severity, where, when detected and who owns it. */
export function CreateIncidentForm({
  clusters,
  users,
  zone,
}: {
  clusters: string[];
  users: Assignee[];
  /** The display zone: the detection time is typed in it. */
  zone: string;
}) {
  return (
    <section className="card no-print">
      <h2>Open an incident by hand</h2>
      <ActionForm action={createIncidentAction} label="Open an incident" submit="Open incident">
        <div className="grid grid-4">
          <Field id="n-title" label="Title">
            <input id="n-title" name="title" required minLength={3} className="wide" />
          </Field>
          <Field id="n-sev" label="Severity">
            <select id="n-sev" name="severity" defaultValue="medium" className="wide">
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Field>
          <Field id="n-cluster" label="Cluster">
            <select id="n-cluster" name="cluster" defaultValue="" className="wide">
              <option value="">—</option>
              {clusters.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
          <Field id="n-detected" label={`Detected at (${zoneLabel(zone)})`} hint="empty = now">
            <input id="n-detected" name="detectedAt" type="datetime-local" step={1} className="wide" />
          </Field>
          <Field id="n-ns" label="Namespace">
            <input id="n-ns" name="namespace" className="wide" />
          </Field>
          <Field id="n-wl" label="Workload">
            <input id="n-wl" name="workload" className="wide" />
          </Field>
          <Field id="n-owner" label="Owner">
            <select id="n-owner" name="owner" defaultValue="" className="wide">
              <option value="">nobody yet</option>
              <AssigneeOptions users={users} />
            </select>
          </Field>
        </div>
      </ActionForm>
    </section>
  );
}
