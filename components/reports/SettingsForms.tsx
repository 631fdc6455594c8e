"use client";

import { useState } from "react";
import { FormStatus } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";
import { ClusterSelect } from "./ClusterSelect";

/** One KPI's target: comparator and value (empty: no target), saved on its own. */
export function TargetRow({
  metric,
  label,
  comparator,
  value,
  unitHint,
}: {
  metric: string;
  label: string;
  comparator: string;
  value: string;
  unitHint: string;
}) {
  const [cmp, setCmp] = useState(comparator || ">=");
  const [val, setVal] = useState(value);
  const form = useApiForm(
    async () => {
      await apiFetch("/api/v1/kpis/targets", {
        method: "PUT",
        body: val.trim() === "" ? { metric, remove: true } : { metric, comparator: cmp, value: Number(val) },
      });
      return "Saved";
    },
    { reset: false },
  );
  const id = metric.replace(/\W/g, "-");
  return (
    <tr>
      <th scope="row" className="row-name">
        {label}
        <div className="small muted">{unitHint}</div>
      </th>
      <td>
        <form className="row" onSubmit={form.onSubmit}>
          <label className="sr-only" htmlFor={`cmp-${id}`}>
            Comparator for {label}
          </label>
          <select id={`cmp-${id}`} value={cmp} onChange={(e) => setCmp(e.target.value)}>
            <option value=">=">≥</option>
            <option value="<=">≤</option>
          </select>
          <label className="sr-only" htmlFor={`val-${id}`}>
            Target value for {label} (empty: no target)
          </label>
          <input
            id={`val-${id}`}
            inputMode="decimal"
            className="target-value"
            value={val}
            onChange={(e) => setVal(e.target.value)}
          />
          <button className="btn small" type="submit" disabled={form.pending}>
            Save
          </button>
          <FormStatus state={form.state} />
        </form>
      </td>
    </tr>
  );
}

/** When reports are frozen automatically, and for which cluster. */
export function ScheduleForm({
  cadence,
  cluster,
  clusters,
}: {
  cadence: string;
  cluster: string | null;
  clusters: string[];
}) {
  const form = useApiForm(
    async (f) => {
      await apiFetch("/api/v1/reports/schedule", {
        method: "PUT",
        body: { cadence: f.get("cadence"), cluster: (f.get("cluster") as string) || null },
      });
      return "Saved";
    },
    { reset: false },
  );
  return (
    <form className="period-form" onSubmit={form.onSubmit}>
      <div className="field">
        <label htmlFor="cadence">Freeze automatically</label>
        <select id="cadence" name="cadence" defaultValue={cadence}>
          <option value="off">Never</option>
          <option value="weekly">Weekly (Mondays, the week before)</option>
          <option value="monthly">Monthly (the 1st, the month before)</option>
        </select>
      </div>
      <ClusterSelect id="sched-cluster" value={cluster} clusters={clusters} />
      <button className="btn" type="submit" disabled={form.pending}>
        Save schedule
      </button>
      <FormStatus state={form.state} />
    </form>
  );
}
