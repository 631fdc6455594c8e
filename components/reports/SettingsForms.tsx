"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";

const send = (url: string, method: string, body: unknown) => apiFetch(url, { method, body });

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
  const router = useRouter();
  const [cmp, setCmp] = useState(comparator || ">=");
  const [val, setVal] = useState(value);
  const [msg, setMsg] = useState<string | null>(null);
  const id = metric.replace(/\W/g, "-");
  return (
    <tr>
      <th
        scope="row"
        style={{
          textTransform: "none",
          fontSize: 14,
          color: "var(--ink)",
          background: "none",
          fontWeight: 500,
        }}
      >
        {label}
        <div className="small muted">{unitHint}</div>
      </th>
      <td>
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            setMsg(null);
            try {
              if (val.trim() === "") await send("/api/v1/kpis/targets", "PUT", { metric, remove: true });
              else await send("/api/v1/kpis/targets", "PUT", { metric, comparator: cmp, value: Number(val) });
              setMsg("Saved");
              router.refresh();
            } catch (err) {
              setMsg(err instanceof Error ? err.message : String(err));
            }
          }}
        >
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
            style={{ width: 90 }}
            value={val}
            onChange={(e) => setVal(e.target.value)}
          />
          <button className="btn small" type="submit">
            Save
          </button>
          {msg && (
            <span className="small" role="status">
              {msg}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

export function ScheduleForm({
  cadence,
  cluster,
  clusters,
}: {
  cadence: string;
  cluster: string | null;
  clusters: string[];
}) {
  const router = useRouter();
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <form
      className="period-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setMsg(null);
        try {
          await send("/api/v1/reports/schedule", "PUT", {
            cadence: f.get("cadence"),
            cluster: (f.get("cluster") as string) || null,
          });
          setMsg("Saved");
          router.refresh();
        } catch (err) {
          setMsg(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      <div className="field">
        <label htmlFor="cadence">Freeze automatically</label>
        <select id="cadence" name="cadence" defaultValue={cadence}>
          <option value="off">Never</option>
          <option value="weekly">Weekly (Mondays, the week before)</option>
          <option value="monthly">Monthly (the 1st, the month before)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="sched-cluster">Cluster</label>
        <select id="sched-cluster" name="cluster" defaultValue={cluster ?? ""}>
          <option value="">All clusters</option>
          {clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <button className="btn" type="submit">
        Save schedule
      </button>
      {msg && (
        <span className="small" role="status">
          {msg}
        </span>
      )}
    </form>
  );
}
