import type { ActionState } from "@/lib/http/form-state";

/**
 * The line under a form's submit button: the outcome's message (an error as an alert, a success as a
 * status) and a one-time secret (password, token) in its own box. Same for server actions and API forms.
 */
export function FormStatus({
  state,
  secretLabel = "One-time secret",
}: {
  state: ActionState;
  secretLabel?: string;
}) {
  const failed = state.ok === false;
  return (
    <>
      {state.message && (
        <span role={failed ? "alert" : "status"} className={failed ? "form-error" : "muted"}>
          {state.message}
        </span>
      )}
      {state.secret && (
        <p className="secret">
          <span className="sr-only">{secretLabel}: </span>
          {state.secret}
        </p>
      )}
    </>
  );
}

/** A field's error under its input, with the id its input points to with aria-describedby. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <div className="error" id={`${id}-error`}>
      {error}
    </div>
  );
}

/** The submit button (its label changes while pending) followed by the outcome. */
export function SubmitRow({
  state,
  pending,
  label,
  pendingLabel,
  secretLabel,
}: {
  state: ActionState;
  pending: boolean;
  label: string;
  pendingLabel: string;
  secretLabel?: string;
}) {
  return (
    <div className="row">
      <button className="btn primary" type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      <FormStatus state={state} secretLabel={secretLabel} />
    </div>
  );
}
