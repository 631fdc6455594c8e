"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

/** How many days a table keeps its rows, saved on its own (the retention table's Keep column). */
export function RetentionCell({
  table,
  label,
  days,
  defaultDays,
  save,
}: {
  table: string;
  label: string;
  days: number;
  defaultDays: number;
  save: FormActionFn;
}) {
  const [state, action, pending] = useActionState(save, {});
  const id = `retention-${table}`;
  return (
    <>
      <form action={action} className="row">
        <input type="hidden" name="table" value={table} />
        <label className="sr-only" htmlFor={id}>
          Days to keep {label}
        </label>
        <input
          id={id}
          name="days"
          type="number"
          min={1}
          max={3660}
          step={1}
          required
          defaultValue={days}
          disabled={pending}
          className="input-days"
        />
        <span className="small muted">days</span>
        <button className="btn small" type="submit" disabled={pending}>
          Save
        </button>
      </form>
      <div className="small">
        <FormStatus state={state} />
      </div>
      {days !== defaultDays ? <div className="small muted">default {defaultDays}</div> : null}
    </>
  );
}
