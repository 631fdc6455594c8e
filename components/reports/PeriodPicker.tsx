"use client";

import { ClusterSelect } from "./ClusterSelect";

// A GET form (works without JavaScript); with JavaScript, a change applies at once through onChange.
export function PeriodPicker({
  period,
  cluster,
  choices,
  clusters,
  action,
  onChange,
}: {
  period: string;
  cluster: string | null;
  choices: { key: string; label: string }[];
  clusters: string[];
  action: string;
  onChange?: (next: { period: string; cluster: string | null }) => void;
}) {
  const known = choices.some((c) => c.key === period);
  return (
    <form
      className="period-form no-print"
      method="get"
      action={action}
      onSubmit={(e) => {
        if (!onChange) return;
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        onChange({ period: String(f.get("period")), cluster: (f.get("cluster") as string) || null });
      }}
    >
      <div className="field">
        <label htmlFor="period-select">Period</label>
        <select
          id="period-select"
          name="period"
          defaultValue={period}
          onChange={(e) => onChange?.({ period: e.target.value, cluster })}
        >
          {!known && <option value={period}>{period}</option>}
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <ClusterSelect
        id="cluster-select"
        value={cluster}
        clusters={clusters}
        onChange={(e) => onChange?.({ period, cluster: e.target.value || null })}
      />
      <button className="btn" type="submit">
        Apply
      </button>
    </form>
  );
}
