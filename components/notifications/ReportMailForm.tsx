"use client";

import { SelectField, TextField } from "@/components/ui/Field";
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
        <TextField
          id="rm-name"
          name="name"
          label="Name"
          required
          maxLength={100}
          placeholder="board monthly"
        />
        <SelectField
          id="rm-cadence"
          name="cadence"
          label="Every"
          defaultValue="monthly"
          options={[
            ["weekly", "week (Monday, the week before)"],
            ["monthly", "month (the 1st, the month before)"],
          ]}
        />
        <TextField id="rm-to" name="recipients" label="Recipients" required placeholder="ciso@example.com" />
        <TextField id="rm-cluster" name="cluster" label="Cluster (empty: all)" />
      </div>
      <SubmitRow state={form.state} pending={form.pending} label="Schedule" pendingLabel="Saving…" />
    </form>
  );
}
