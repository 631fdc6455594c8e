import type { ReactNode } from "react";
import type { Errors } from "./state";

/** The attributes that tie a control to its label and its error message. */
export function control(name: string, errors: Errors) {
  return {
    id: `rf-${name}`,
    name,
    "aria-invalid": !!errors[name],
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  };
}

/** A labelled form field with an optional hint and its error message (the control is the child). */
export function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors: Errors;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={`rf-${name}`}>{label}</label>
      {children}
      {hint && <div className="hint">{hint}</div>}
      {errors[name] && (
        <div className="error" id={`${name}-error`}>
          {errors[name]}
        </div>
      )}
    </div>
  );
}

/** A labelled select over a list of options (value and label, or the same text for both). */
export function SelectField({
  name,
  label,
  errors,
  hint,
  value,
  onChange,
  options,
  placeholder,
}: {
  name: string;
  label: string;
  errors: Errors;
  hint?: string;
  value: string | number;
  onChange: (v: string) => void;
  options: readonly (string | { value: string | number; label: string })[];
  placeholder?: string;
}) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      <select {...control(name, errors)} value={value} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) =>
          typeof o === "string" ? (
            <option key={o} value={o}>
              {o}
            </option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </Field>
  );
}
