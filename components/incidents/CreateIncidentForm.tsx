import { createIncidentAction } from "@/app/(app)/incidents/actions";
import { SEVERITIES } from "@/lib/severity";
import { ActionForm } from "./ActionForm";
import type { Assignee } from "./AssigneeForm";

/** Opens an incident by hand (operators): title, severity, where, when detected and who owns it. */
export function CreateIncidentForm({ clusters, users }: { clusters: string[]; users: Assignee[] }) {
  return (
    <section className="card no-print">
      <h2>Open an incident by hand</h2>
      <ActionForm action={createIncidentAction} label="Open an incident" submit="Open incident">
        <div className="grid grid-4">
          <div className="field">
            <label htmlFor="n-title">Title</label>
            <input id="n-title" name="title" required minLength={3} className="wide" />
          </div>
          <div className="field">
            <label htmlFor="n-sev">Severity</label>
            <select id="n-sev" name="severity" defaultValue="medium" className="wide">
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="n-cluster">Cluster</label>
            <select id="n-cluster" name="cluster" defaultValue="" className="wide">
              <option value="">—</option>
              {clusters.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="n-detected">Detected at (UTC)</label>
            <input id="n-detected" name="detectedAt" type="datetime-local" step={1} className="wide" />
            <div className="hint">empty = now</div>
          </div>
          <div className="field">
            <label htmlFor="n-ns">Namespace</label>
            <input id="n-ns" name="namespace" className="wide" />
          </div>
          <div className="field">
            <label htmlFor="n-wl">Workload</label>
            <input id="n-wl" name="workload" className="wide" />
          </div>
          <div className="field">
            <label htmlFor="n-owner">Owner</label>
            <select id="n-owner" name="owner" defaultValue="" className="wide">
              <option value="">nobody yet</option>
              {users.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </ActionForm>
    </section>
  );
}
