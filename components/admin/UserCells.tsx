"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/FormStatus";
import { ROLE_LABEL, ROLES, type Role } from "@/lib/auth/roles";
import type { FormActionFn } from "@/lib/http/form-state";

export interface UserCellData {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
}

/** The role of one user, changed with its own Save (the Users table's Role column). */
export function RoleCell({ user, action }: { user: UserCellData; action: FormActionFn }) {
  const [state, act, pending] = useActionState(action, {});
  return (
    <>
      <form action={act} className="row">
        <input type="hidden" name="userId" value={user.id} />
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select id={`role-${user.id}`} name="role" defaultValue={user.role} disabled={pending}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
        <button className="btn small" type="submit" disabled={pending}>
          Save
        </button>
      </form>
      {state.ok === false && (
        <div className="small">
          <FormStatus state={state} />
        </div>
      )}
    </>
  );
}

/** Disable / enable and reset the password of another user (the Users table's actions column). */
export function UserActionsCell({
  user,
  toggle,
  resetPassword,
}: {
  user: UserCellData;
  toggle: FormActionFn;
  resetPassword: FormActionFn;
}) {
  const [toggleState, toggleAction, togglePending] = useActionState(toggle, {});
  const [resetState, resetAction, resetPending] = useActionState(resetPassword, {});
  return (
    <>
      <form action={toggleAction}>
        <input type="hidden" name="userId" value={user.id} />
        <input type="hidden" name="disabled" value={String(!user.disabled)} />
        <button
          className={`btn small ${user.disabled ? "" : "danger"}`}
          type="submit"
          disabled={togglePending}
        >
          {user.disabled ? "Enable" : "Disable"}
        </button>
      </form>
      <form action={resetAction} className="gap-above-sm">
        <input type="hidden" name="userId" value={user.id} />
        <button
          className="btn small"
          type="submit"
          disabled={resetPending}
          aria-label={`Reset password of ${user.email}`}
        >
          {resetPending ? "Resetting…" : "Reset password"}
        </button>
      </form>
      <div className="small">
        {toggleState.ok === false && <FormStatus state={toggleState} />}
        <FormStatus state={resetState} secretLabel="One-time password" />
      </div>
    </>
  );
}
