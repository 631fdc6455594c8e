"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** The organisation named on the executive report's cover and in its PDF's running head. */
export function OrganisationForm({ action, current }: { action: Action; current: string | null }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Organisation name">
      <div className="field">
        <label htmlFor="org-name">Organisation name</label>
        <input
          id="org-name"
          name="name"
          defaultValue={current ?? ""}
          maxLength={120}
          aria-invalid={!!state.fieldErrors?.name}
          style={{ width: "min(420px, 100%)" }}
        />
        <div className="hint">
          Printed on the cover of every executive report and on each page of its PDF.
        </div>
        {state.fieldErrors?.name && <div className="error">{state.fieldErrors.name}</div>}
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        {state.message && (
          <span role="status" className={state.ok ? "small" : "form-error"}>
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}
