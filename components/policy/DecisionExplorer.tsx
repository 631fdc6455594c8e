"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export interface ExplorerFilters {
  cluster: string;
  engine: string;
  result: string;
  subject: string;
  target: string;
  policy: string;
  from: string;
  to: string;
}

interface Row {
  time: string;
  cluster: string;
  engine: string;
  decisionId: string;
  policy: string | null;
  rule: string | null;
  subject: string | null;
  target: string | null;
  action: string | null;
  result: string;
  reason: string | null;
  details: Record<string, unknown>;
}

const ENGINES = ["opa", "istio", "cilium"];
// spiffe://acme.internal/ns/shop/sa/frontend → shop/sa/frontend (the full ID is in the cell's title).
const short = (id: string | null) => (id ? id.replace(/^spiffe:\/\/[^/]+\/ns\//, "") : "—");
const RESULTS = ["allow", "deny", "warn", "audit", "error"];
const badge = (r: string) =>
  r === "deny" ? "bad" : r === "allow" ? "ok" : r === "audit" || r === "warn" ? "warn" : "";
// datetime-local inputs speak local time without a zone; the API speaks ISO instants.
const toLocalInput = (iso: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : "");

async function fetchPage(
  f: ExplorerFilters,
  cursor: string | null,
): Promise<{ decisions: Row[]; next: string | null }> {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  if (cursor) p.set("cursor", cursor);
  p.set("limit", "50");
  return apiFetch(`/api/v1/policy/decisions?${p}`);
}

/** Filter, page (server-side, keyset) and inspect raw decisions; charts and tables link here. */
export function DecisionExplorer({ initial, clusters }: { initial: ExplorerFilters; clusters: string[] }) {
  const [filters, setFilters] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  const q = useQuery({
    queryKey: queryKeys.policyDecisions.page(filters, cursor),
    queryFn: () => fetchPage(filters, cursor),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([null]);
  };
  const uid = useId();
  const field = (k: keyof ExplorerFilters, label: string, el: "input" | string[] = "input") => (
    <div className="field" style={{ marginBottom: 0 }}>
      <label className="small muted" htmlFor={`${uid}-${k}`}>
        {label}
      </label>
      <br />
      {el === "input" ? (
        <input
          id={`${uid}-${k}`}
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
          size={18}
        />
      ) : (
        <select
          id={`${uid}-${k}`}
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        >
          <option value="">any</option>
          {el.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      )}
    </div>
  );
  return (
    <section className="card" id="explorer" aria-labelledby="explorer-h">
      <h2 id="explorer-h">Decision explorer</h2>
      <form onSubmit={submit} className="row" style={{ alignItems: "flex-end", marginBottom: 12 }}>
        {field("cluster", "Cluster", clusters)}
        {field("engine", "Engine", ENGINES)}
        {field("result", "Result", RESULTS)}
        {field("subject", "Subject contains")}
        {field("target", "Target contains")}
        {field("policy", "Policy contains")}
        <label className="field" style={{ marginBottom: 0 }}>
          <span className="small muted">From</span>
          <br />
          <input
            type="datetime-local"
            value={toLocalInput(draft.from)}
            onChange={(e) => setDraft({ ...draft, from: fromLocalInput(e.target.value) })}
          />
        </label>
        <label className="field" style={{ marginBottom: 0 }}>
          <span className="small muted">To</span>
          <br />
          <input
            type="datetime-local"
            value={toLocalInput(draft.to)}
            onChange={(e) => setDraft({ ...draft, to: fromLocalInput(e.target.value) })}
          />
        </label>
        <button type="submit" className="btn primary">
          Search
        </button>
      </form>
      <p className="small muted" aria-live="polite">
        {q.isPending
          ? "Loading decisions…"
          : q.isError
            ? ""
            : `${q.data.decisions.length} decisions on page ${cursors.length}${q.data.next ? " (more on the next page)" : ""}; ${
                filters.from
                  ? new Date(filters.from).toISOString().replace("T", " ").slice(0, 16)
                  : "last 24 h"
              }${filters.to ? ` → ${new Date(filters.to).toISOString().replace("T", " ").slice(0, 16)}` : ""} UTC`}
      </p>
      {q.isError && (
        <p className="form-error" role="alert">
          Could not load decisions: {(q.error as Error).message}
        </p>
      )}
      {q.data && q.data.decisions.length === 0 && (
        <p className="muted">No decisions match these filters in this time range.</p>
      )}
      {q.data && q.data.decisions.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Cluster</th>
                <th>Engine</th>
                <th>Result</th>
                <th>Subject → target</th>
                <th>Action</th>
                <th>Policy / rule</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {q.data.decisions.map((d) => {
                const key = `${d.engine}:${d.decisionId}:${d.time}`;
                return (
                  <tr key={key}>
                    <td className="small mono">
                      <button
                        type="button"
                        className="btn small"
                        aria-expanded={open === key}
                        onClick={() => setOpen(open === key ? null : key)}
                        title="Show the decision id and details"
                      >
                        {d.time.replace("T", " ").slice(0, 23)}
                      </button>
                      {open === key && (
                        <pre className="small" style={{ whiteSpace: "pre-wrap", maxWidth: 360 }}>
                          {JSON.stringify({ decisionId: d.decisionId, ...d.details }, null, 2)}
                        </pre>
                      )}
                    </td>
                    <td>{d.cluster}</td>
                    <td>{d.engine}</td>
                    <td>
                      <span className={`badge ${badge(d.result)}`}>{d.result}</span>
                    </td>
                    <td className="small mono" title={`${d.subject ?? "—"} → ${d.target ?? "—"}`}>
                      {short(d.subject)} → {short(d.target)}
                    </td>
                    <td className="small mono">{d.action ?? "—"}</td>
                    <td className="small">
                      {d.policy ?? "—"}
                      {d.rule ? ` / ${d.rule}` : ""}
                    </td>
                    <td className="small">{d.reason ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="row" style={{ marginTop: 12 }}>
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
