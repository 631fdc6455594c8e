"use client";

import { useActionState } from "react";
import { FieldError, SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password again", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-label="Change password" key={state.ok ? "done" : "form"}>
      {FIELDS.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={f.name}>{f.label}</label>
          <input
            id={f.name}
            name={f.name}
            type="password"
            required
            autoComplete={f.autoComplete}
            aria-invalid={!!err[f.name]}
            aria-describedby={err[f.name] ? `${f.name}-error` : undefined}
            className="input-narrow"
          />
          {f.name === "newPassword" && (
            <div className="hint">
              At least 12 characters, and not a common or easily guessed password: a phrase of several
              unrelated words works well.
            </div>
          )}
          <FieldError id={f.name} error={err[f.name]} />
        </div>
      ))}
      <SubmitRow state={state} pending={pending} label="Change password" pendingLabel="Changing…" />
    </form>
  );
}
