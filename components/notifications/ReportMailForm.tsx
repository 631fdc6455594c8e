"use client";

import { SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";

export function ReportMailForm() {
  const form = useApiForm(async (f) => {
    await apiFetch("/api/v1/notifications/report-mails", {
      method: "POST",
      body: {
        name: f.get("name"),
        cadence: f.get("cadence"),
        recipients: String(f.get("recipients") ?? "")
          .split(/[,\s]+/)
          .filter(Boolean),
        cluster: f.get("cluster") || null,
      },
    });
  });

  return (
    <form onSubmit={form.onSubmit} aria-label="Schedule a report e-mail">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="rm-name">Name</label>
          <input id="rm-name" name="name" required maxLength={100} placeholder="board monthly" />
        </div>
        <div className="field">
          <label htmlFor="rm-cadence">Every</label>
          <select id="rm-cadence" name="cadence" defaultValue="monthly">
            <option value="weekly">week (Monday, the week before)</option>
            <option value="monthly">month (the 1st, the month before)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rm-to">Recipients</label>
          <input id="rm-to" name="recipients" required placeholder="ciso@example.com" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="rm-cluster">Cluster (empty: all)</label>
        <input id="rm-cluster" name="cluster" />
      </div>
      <SubmitRow state={form.state} pending={form.pending} label="Schedule" pendingLabel="Saving…" />
    </form>
  );
}
