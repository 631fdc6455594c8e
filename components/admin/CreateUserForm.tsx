"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function CreateUserForm({ action }: { action: Action }) {
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
            style={{ width: "100%" }}
          />
          {err.email && <div className="error">{err.email}</div>}
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" name="name" required aria-invalid={!!err.name} style={{ width: "100%" }} />
          {err.name && <div className="error">{err.name}</div>}
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
          {err.password && <div className="error">{err.password}</div>}
        </div>
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </button>
        {state.message && (
          <span role="status" className={state.ok ? "muted" : "form-error"}>
            {state.message}
          </span>
        )}
      </div>
      {state.secret && (
        <p className="secret">
          <span className="sr-only">One-time password: </span>
          {state.secret}
        </p>
      )}
    </form>
  );
}
