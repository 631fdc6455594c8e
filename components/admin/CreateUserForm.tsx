"use client";

import { useActionState } from "react";
import { FieldError, SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

export function CreateUserForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-label="Create user">
      <div className="grid grid-2">
        <div className="field">
          <label htmlFor="new-email">Email</label>
          <input
            id="new-email"
            name="email"
            type="email"
            required
            aria-invalid={!!err.email}
            aria-describedby={err.email ? "new-email-error" : undefined}
            style={{ width: "100%" }}
          />
          <FieldError id="new-email" error={err.email} />
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" name="name" required aria-invalid={!!err.name} style={{ width: "100%" }} />
          <FieldError id="new-name" error={err.name} />
        </div>
        <div className="field">
          <label htmlFor="new-role">Role</label>
          <select id="new-role" name="role" defaultValue="viewer" style={{ width: "100%" }}>
            <option value="viewer">Viewer: reads dashboards and reports</option>
            <option value="operator">Operator: incidents, findings, sources</option>
            <option value="risk_manager">Risk manager: edits the risk register</option>
            <option value="admin">Admin: users, settings, everything</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-password">Password</label>
          <input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!err.password}
            style={{ width: "100%" }}
          />
          <div className="hint">
            Leave empty to generate a one-time password (at least 12 characters otherwise).
          </div>
          <FieldError id="new-password" error={err.password} />
        </div>
      </div>
      <SubmitRow
        state={state}
        pending={pending}
        label="Create user"
        pendingLabel="Creating…"
        secretLabel="One-time password"
      />
    </form>
  );
}
