"use client";

import { useActionState } from "react";
import { FieldError, SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

/** The organisation named on the executive report's cover and in its PDF's running head. */
export function OrganisationForm({ action, current }: { action: FormActionFn; current: string | null }) {
  const [state, formAction, pending] = useActionState(action, {});
  const error = state.fieldErrors?.name;
  return (
    <form action={formAction} aria-label="Organisation name">
      <div className="field">
        <label htmlFor="org-name">Organisation name</label>
        <input
          id="org-name"
          name="name"
          defaultValue={current ?? ""}
          maxLength={120}
          aria-invalid={!!error}
          aria-describedby={error ? "org-name-error" : undefined}
          className="input-medium"
        />
        <div className="hint">
          Printed on the cover of every executive report and on each page of its PDF.
        </div>
        <FieldError id="org-name" error={error} />
      </div>
      <SubmitRow state={state} pending={pending} label="Save" pendingLabel="Saving…" />
    </form>
  );
}
