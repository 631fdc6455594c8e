"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

export interface RetentionRowData {
  table: string;
  label: string;
  kind: "raw" | "rollup";
  days: number;
  defaultDays: number;
  size: string;
  rows: string;
  partitions: number;
  oldest: string | null;
}

export function RetentionRow({ row, save }: { row: RetentionRowData; save: FormActionFn }) {
  const [state, action, pending] = useActionState(save, {});
  const id = `retention-${row.table}`;
  return (
    <tr>
      <td>
        {row.label}
        <div className="small muted mono">{row.table}</div>
      </td>
      <td>{row.kind === "raw" ? "raw (monthly partitions)" : "rollup"}</td>
      <td>
        <form action={action} className="row">
          <input type="hidden" name="table" value={row.table} />
          <label className="sr-only" htmlFor={id}>
            Days to keep {row.label}
          </label>
          <input
            id={id}
            name="days"
            type="number"
            min={1}
            max={3660}
            step={1}
            required
            defaultValue={row.days}
            disabled={pending}
            style={{ width: "6rem" }}
          />
          <span className="small muted">days</span>
          <button className="btn small" type="submit" disabled={pending}>
            Save
          </button>
        </form>
        <div className="small">
          <FormStatus state={state} />
        </div>
        {row.days !== row.defaultDays ? <div className="small muted">default {row.defaultDays}</div> : null}
      </td>
      <td className="num">{row.size}</td>
      <td className="num">{row.rows}</td>
      <td className="num">{row.kind === "raw" ? row.partitions : "—"}</td>
      <td className="small">{row.oldest ?? "—"}</td>
    </tr>
  );
}
