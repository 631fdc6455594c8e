"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password again", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm({ action }: { action: Action }) {
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
            style={{ width: "100%", maxWidth: 360 }}
          />
          {f.name === "newPassword" && (
            <div className="hint">
              At least 12 characters, and not a common or easily guessed password: a phrase of several
              unrelated words works well.
            </div>
          )}
          {err[f.name] && (
            <div className="error" id={`${f.name}-error`}>
              {err[f.name]}
            </div>
          )}
        </div>
      ))}
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </button>
        {state.message && (
          <span role="status" className={state.ok ? "muted" : "form-error"}>
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}
