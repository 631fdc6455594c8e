"use client";

import { type ReactNode, useActionState } from "react";
import type { ActionState } from "@/lib/http/action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** A form posting to a server action, showing its result (or the refusal) next to the button. */
export function ActionForm({
  action,
  label,
  submit,
  children,
  className,
  danger,
}: {
  action: Action;
  label: string;
  submit: string;
  children?: ReactNode;
  className?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={label} className={className}>
      {children}
      <div className="row">
        <button className={`btn small ${danger ? "danger" : "primary"}`} type="submit" disabled={pending}>
          {pending ? "Saving…" : submit}
        </button>
        {state.message && (
          <span role="status" className={state.ok ? "muted small" : "form-error"}>
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}
