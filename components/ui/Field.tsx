import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { FieldError } from "./FormStatus";

/**
 * Label, control, help and error of one form field; the control points at its help and error. Used alone
 * around a control of one's own (a textarea, a select with computed options), or through TextField/SelectField.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

const described = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

type Common = { id: string; label: ReactNode; hint?: ReactNode; error?: string };

/** A labelled input, full width of its cell, with optional help and the server's error for it. */
export function TextField({
  id,
  label,
  hint,
  error,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, hint, error)}
        className="wide"
        {...input}
      />
    </Field>
  );
}

/** A labelled select of [value, label] options. */
export function SelectField({
  id,
  label,
  hint,
  error,
  options,
  ...select
}: Common & { options: readonly (readonly [string, string])[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} aria-describedby={described(id, hint, error)} className="wide" {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}
