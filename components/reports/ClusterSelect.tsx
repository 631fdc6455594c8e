import type { ChangeEvent } from "react";

/** A labelled "All clusters / <cluster>" select named `cluster` (the report period picker, the schedule). */
export function ClusterSelect({
  id,
  label = "Cluster",
  value,
  clusters,
  onChange,
}: {
  id: string;
  label?: string;
  value: string | null;
  clusters: string[];
  onChange?: (e: ChangeEvent<HTMLSelectElement>) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name="cluster" defaultValue={value ?? ""} onChange={onChange}>
        <option value="">All clusters</option>
        {clusters.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}
