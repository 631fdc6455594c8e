"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { apiFetch } from "@/components/sources/api";

export function ReportMailForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/v1/notifications/report-mails", {
        method: "POST",
        body: JSON.stringify({
          name: f.get("name"),
          cadence: f.get("cadence"),
          recipients: String(f.get("recipients") ?? "")
            .split(/[,\s]+/)
            .filter(Boolean),
          cluster: f.get("cluster") || null,
        }),
      });
      form.reset();
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label="Schedule a report e-mail">
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy}>
        {busy ? "Saving…" : "Schedule"}
      </button>
    </form>
  );
}
