"use client";

import { SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";
import { EVENT_LABEL, EVENT_TYPES, SEVERITIES } from "@/lib/notifications/schema";

const list = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function RuleForm({ channels }: { channels: { id: string; name: string }[] }) {
  const form = useApiForm(async (f) => {
    await apiFetch("/api/v1/notifications/rules", {
      method: "POST",
      body: {
        name: f.get("name"),
        events: f.getAll("events"),
        channelIds: f.getAll("channels"),
        clusters: list(f.get("clusters")),
        namespaces: list(f.get("namespaces")),
        minSeverity: f.get("minSeverity") || null,
        daysAhead: Number(f.get("daysAhead")),
      },
    });
  });
  if (!channels.length) return <p className="muted">Add a channel first.</p>;

  return (
    <form onSubmit={form.onSubmit} aria-label="Add a rule">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="rule-name">Name</label>
          <input id="rule-name" name="name" required maxLength={100} placeholder="payments team" />
        </div>
        <div className="field">
          <label htmlFor="rule-clusters">Clusters (empty: all)</label>
          <input id="rule-clusters" name="clusters" placeholder="eu-west-prod, us-east-prod" />
        </div>
        <div className="field">
          <label htmlFor="rule-ns">Namespaces (empty: all)</label>
          <input id="rule-ns" name="namespaces" placeholder="payments" />
          <div className="hint">A namespace-scoped rule gets only events of those namespaces.</div>
        </div>
      </div>
      <div className="grid grid-3">
        <fieldset className="field">
          <legend>Events</legend>
          {EVENT_TYPES.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" name="events" value={t} /> {EVENT_LABEL[t]}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>Channels</legend>
          {channels.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" name="channels" value={c.id} /> {c.name}
            </label>
          ))}
        </fieldset>
        <div>
          <div className="field">
            <label htmlFor="rule-sev">At or above severity</label>
            <select id="rule-sev" name="minSeverity" defaultValue="">
              <option value="">any</option>
              {[...SEVERITIES].reverse().map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-days">Expiry warnings, days ahead</label>
            <input id="rule-days" name="daysAhead" type="number" min={1} max={365} defaultValue={14} />
            <div className="hint">Certificates, trust anchors and risk acceptances; once per item.</div>
          </div>
        </div>
      </div>
      <SubmitRow state={form.state} pending={form.pending} label="Add rule" pendingLabel="Adding…" />
    </form>
  );
}
