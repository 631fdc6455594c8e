"use client";

import { useRouter } from "next/navigation";
import type { ChangeEvent } from "react";

export type FilterOption = string | { value: string; label: string };

/**
 * A labelled select bound to one URL search parameter. Its first option ("all …", empty value) clears the
 * parameter. Inside a GET form it is an ordinary field (filters keep working without JavaScript, the form's
 * submit button applies them); with JavaScript a change applies at once: the URL is rebuilt from the form's
 * fields (or, outside a form, from the current URL) with empty values and the page number dropped.
 */
export function FilterSelect({
  param,
  label,
  value,
  options,
  allLabel = "All",
  hideLabel = false,
  id,
  onValue,
}: {
  param: string;
  label: string;
  /** The parameter's current value (null/undefined: cleared). */
  value: string | null | undefined;
  options: readonly FilterOption[];
  /** The text of the clearing option, e.g. "all clusters". */
  allLabel?: string;
  /** Keep the label for screen readers only (compact filter rows). */
  hideLabel?: boolean;
  id?: string;
  /** A client list that keeps its own state (e.g. fetches with react-query) takes the change itself. */
  onValue?: (value: string | undefined) => void;
}) {
  const router = useRouter();
  const selectId = id ?? `filter-${param}`;
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => {
    if (onValue) return onValue(e.currentTarget.value || undefined);
    const form = e.currentTarget.form;
    // A form says which parameters it carries (as its GET submit would); alone, the select edits the URL.
    const q = form ? new URLSearchParams() : new URLSearchParams(window.location.search);
    if (form) {
      for (const [k, v] of new FormData(form)) if (typeof v === "string") q.append(k, v);
    } else q.set(param, e.currentTarget.value);
    for (const [k, v] of [...q]) if (v === "") q.delete(k);
    q.delete("page");
    const path = form?.getAttribute("action") || window.location.pathname;
    router.push(q.size ? `${path}?${q}` : path);
  };
  return (
    <div className="field filter-select">
      <label htmlFor={selectId} className={hideLabel ? "sr-only" : undefined}>
        {label}
      </label>
      {/* keyed by the value: a navigation that changes it (e.g. "Clear the filter") re-renders the select */}
      <select key={value ?? ""} id={selectId} name={param} defaultValue={value ?? ""} onChange={onChange}>
        <option value="">{allLabel}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}
