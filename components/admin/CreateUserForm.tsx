"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/Field";
import { SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

const ROLE_CHOICES = [
  ["viewer", "Viewer: reads dashboards and reports"],
  ["operator", "Operator: incidents, findings, sources"],
  ["risk_manager", "Risk manager: edits the risk register"],
  ["admin", "Admin: users, settings, everything"],
] as const;

export function CreateUserForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-label="Create user">
      <div className="grid grid-2">
        <TextField id="new-email" name="email" type="email" label="Email" required error={err.email} />
        <TextField id="new-name" name="name" label="Name" required error={err.name} />
        <SelectField id="new-role" name="role" label="Role" defaultValue="viewer" options={ROLE_CHOICES} />
        <TextField
          id="new-password"
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          hint="Leave empty to generate a one-time password (at least 12 characters otherwise)."
          error={err.password}
        />
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
