"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/FormStatus";
import { ROLE_LABEL, ROLES, type Role } from "@/lib/auth/roles";
import type { FormActionFn } from "@/lib/http/form-state";

export function UserRow({
  user,
  self,
  setRole,
  toggle,
  resetPassword,
}: {
  user: { id: string; email: string; name: string; role: Role; disabled: boolean; createdAt: string };
  self: boolean;
  setRole: FormActionFn;
  toggle: FormActionFn;
  resetPassword: FormActionFn;
}) {
  const [roleState, roleAction, rolePending] = useActionState(setRole, {});
  const [toggleState, toggleAction, togglePending] = useActionState(toggle, {});
  const [resetState, resetAction, resetPending] = useActionState(resetPassword, {});
  const msg =
    (!roleState.ok && roleState.message) ||
    (!toggleState.ok && toggleState.message) ||
    (!resetState.ok && resetState.message);
  return (
    <tr>
      <td>
        {user.name}
        <div className="small muted">{user.email}</div>
      </td>
      <td>
        <form action={roleAction} className="row">
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.email}
          </label>
          <select id={`role-${user.id}`} name="role" defaultValue={user.role} disabled={rolePending}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
          <button className="btn small" type="submit" disabled={rolePending}>
            Save
          </button>
        </form>
      </td>
      <td>
        {user.disabled ? (
          <span className="badge bad">disabled</span>
        ) : (
          <span className="badge ok">active</span>
        )}
      </td>
      <td className="small">{user.createdAt.slice(0, 10)}</td>
      <td>
        {!self && (
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
        )}
        {!self && (
          <form action={resetAction} style={{ marginTop: 6 }}>
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
        )}
        {resetState.ok && resetState.message && (
          <div className="small">
            <FormStatus state={resetState} secretLabel="One-time password" />
          </div>
        )}
        {msg && (
          <div className="form-error" role="alert">
            {msg}
          </div>
        )}
      </td>
    </tr>
  );
}
