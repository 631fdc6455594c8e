"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, type ReactNode, useId, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { DecisionRow } from "@/lib/policy/queries";
import { fromZonedInput, toZonedInput, zoneLabel } from "@/lib/time/zone";
import { DecisionTable } from "./DecisionTable";
import { defaultFilters, describeExplorer, type ExplorerFilters } from "./explorer-filters";

export type { ExplorerFilters } from "./explorer-filters";

const ENGINES = ["opa", "istio", "cilium"];
const RESULTS = ["allow", "deny", "warn", "audit", "error"];
const TEXT_FIELDS = [
  ["subject", "Subject contains"],
  ["target", "Target contains"],
  ["policy", "Policy contains"],
] as const;

type FieldProps = { id: string; onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void };

function fetchPage(f: ExplorerFilters, cursor: string | null) {
  return apiFetch<{ decisions: DecisionRow[]; next: string | null }>("/api/v1/policy/decisions", {
    query: { ...f, cursor, limit: "50" },
  });
}

/**
 * Filter, page (server-side, keyset) and inspect raw decisions; charts, tables and the overview's deny
 * rate link here with their filter (`d*` parameters), which the note above the results names, with the
 * way back to no filter. Times are in the user's zone (`zone`), named beside them.
 */
export function DecisionExplorer({
  initial,
  clusters,
  zone,
  summary,
}: {
  initial: ExplorerFilters;
  clusters: string[];
  zone: string;
  /** Counted on the server for the filter a link brought (e.g. "42 of 1,200 decisions denied"). */
  summary?: string;
}) {
  const [filters, setFilters] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const q = useQuery({
    queryKey: queryKeys.policyDecisions.page(filters, cursor),
    queryFn: () => fetchPage(filters, cursor),
    placeholderData: keepPreviousData,
  });
  const apply = (f: ExplorerFilters) => {
    setDraft(f);
    setFilters(f);
    setCursors([null]);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const uid = useId();
  /** A labelled field of the form; `input` gets the id and the change handler for `k`. */
  const field = (k: keyof ExplorerFilters, label: string, input: (p: FieldProps) => ReactNode) => (
    <div className="field" key={k}>
      <label className="small muted" htmlFor={`${uid}-${k}`}>
        {label}
      </label>
      {input({ id: `${uid}-${k}`, onChange: (e) => setDraft({ ...draft, [k]: e.target.value }) })}
    </div>
  );
  const select = (k: "cluster" | "engine" | "result", label: string, options: string[]) =>
    field(k, label, (p) => (
      <select {...p} value={draft[k]}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    ));
  const when = (k: "from" | "to", label: string) =>
    field(k, `${label} (${zoneLabel(zone)})`, ({ id }) => (
      <input
        id={id}
        type="datetime-local"
        value={toZonedInput(draft[k], zone)}
        onChange={(e) => setDraft({ ...draft, [k]: fromZonedInput(e.target.value, zone) })}
      />
    ));
  const narrowed = Object.entries(filters).some(([k, v]) => v && k !== "from" && k !== "to");
  return (
    <section className="card" id="explorer" aria-labelledby="explorer-h">
      <h2 id="explorer-h">Decision explorer</h2>
      <form onSubmit={submit} className="row explorer-form">
        {select("cluster", "Cluster", clusters)}
        {select("engine", "Engine", ENGINES)}
        {select("result", "Result", RESULTS)}
        {TEXT_FIELDS.map(([k, label]) => field(k, label, (p) => <input {...p} value={draft[k]} size={18} />))}
        {when("from", "From")}
        {when("to", "To")}
        <button type="submit" className="btn primary">
          Search
        </button>
      </form>
      <p className="filter-note" role="status">
        <strong>{narrowed ? "Filter on:" : "Showing:"}</strong> {describeExplorer(filters, zone).join(" · ")}
        {filters === initial && summary ? ` — ${summary}` : ""}
        {narrowed && (
          <>
            {" "}
            ·{" "}
            <button type="button" className="link" onClick={() => apply(defaultFilters(new Date()))}>
              Clear the filter
            </button>
          </>
        )}
      </p>
      <p className="small muted" aria-live="polite">
        {q.isPending
          ? "Loading decisions…"
          : q.isError
            ? ""
            : `${q.data.decisions.length} decisions on page ${cursors.length}${q.data.next ? " (more on the next page)" : ""}, newest first.`}
      </p>
      {q.isError && (
        <p className="form-error" role="alert">
          Could not load decisions: {(q.error as Error).message}
        </p>
      )}
      {q.data && q.data.decisions.length === 0 && (
        <p className="muted">No decisions match these filters in this time range.</p>
      )}
      {q.data && q.data.decisions.length > 0 && <DecisionTable decisions={q.data.decisions} zone={zone} />}
      <div className="row pager">
        <button
          type="button"
          className="btn small"
          disabled={cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          ← Newer
        </button>
        <button
          type="button"
          className="btn small"
          disabled={!q.data?.next || q.isFetching}
          onClick={() => q.data?.next && setCursors([...cursors, q.data.next])}
        >
          Older →
        </button>
      </div>
    </section>
  );
}
