"use client";

import { useState } from "react";
import { useApiMutation } from "@/lib/client/use-api-mutation";

/** Record a review (managers): stamps the date, moves the next due date, remembers the evidence values. */
export function ReviewButton({ id, version }: { id: string; version: number }) {
  const m = useApiMutation();
  const [note, setNote] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ url: `/api/v1/risks/${id}/review`, body: { version, note: note || undefined } });
      }}
      aria-label="Record a review"
    >
      <div className="field">
        <label htmlFor="review-note">Review note</label>
        <input
          id="review-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
          className="wide"
        />
      </div>
      <button className="btn" type="submit" disabled={m.isPending}>
        {m.isPending ? "Saving…" : "Mark reviewed"}
      </button>
      {m.error && (
        <p className="form-error" role="alert">
          {m.error.message}
        </p>
      )}
      {m.isSuccess && (
        <p className="muted" role="status">
          Review recorded.
        </p>
      )}
    </form>
  );
}

/** The approver's approve / reject buttons on a pending acceptance. */
export function DecideAcceptance({ id, version }: { id: string; version: number }) {
  const m = useApiMutation();
  const [note, setNote] = useState("");
  const send = (decision: "approve" | "reject") =>
    m.mutate({ url: `/api/v1/risks/${id}/acceptance`, body: { version, decision, note: note || undefined } });
  return (
    <div>
      <div className="field">
        <label htmlFor="decision-note">Decision note</label>
        <input id="decision-note" value={note} onChange={(e) => setNote(e.target.value)} className="wide" />
      </div>
      <div className="row">
        <button className="btn primary" type="button" onClick={() => send("approve")} disabled={m.isPending}>
          Approve acceptance
        </button>
        <button className="btn danger" type="button" onClick={() => send("reject")} disabled={m.isPending}>
          Reject
        </button>
      </div>
      {m.error && (
        <p className="form-error" role="alert">
          {m.error.message}
        </p>
      )}
    </div>
  );
}

export function UnlinkButton({ id, linkId }: { id: string; linkId: string }) {
  const m = useApiMutation();
  return (
    <>
      <button
        className="btn small"
        type="button"
        onClick={() => m.mutate({ url: `/api/v1/risks/${id}/links/${linkId}`, method: "DELETE" })}
        disabled={m.isPending}
      >
        Unlink
      </button>
      {m.error && <span className="form-error small">{m.error.message}</span>}
    </>
  );
}

/** Link a finding, an incident or a KPI (with an optional threshold) as evidence. */
export function LinkForm({
  id,
  kpiPaths,
  findings = [],
}: {
  id: string;
  kpiPaths: string[];
  /** Open findings to choose from (a finding id can also be typed). */
  findings?: { id: string; title: string; severity: string }[];
}) {
  const m = useApiMutation();
  const [kind, setKind] = useState<"kpi" | "finding" | "incident">("kpi");
  const [ref, setRef] = useState(
    kpiPaths.includes("mtlsCoverage.crossClusterPercent")
      ? "mtlsCoverage.crossClusterPercent"
      : (kpiPaths[0] ?? ""),
  );
  const [cluster, setCluster] = useState("");
  const [label, setLabel] = useState("");
  const [threshold, setThreshold] = useState("");
  const [direction, setDirection] = useState<"below" | "above">("below");
  const errs = new Map(
    ((m.error?.details as { path: string; message: string }[] | undefined) ?? []).map((d) => [
      d.path,
      d.message,
    ]),
  );
  return (
    <form
      aria-label="Link evidence"
      onSubmit={(e) => {
        e.preventDefault();
        const t = threshold.trim() === "" ? null : Number(threshold);
        m.mutate(
          {
            url: `/api/v1/risks/${id}/links`,
            body: {
              kind,
              ref,
              cluster: cluster || null,
              label: label || null,
              threshold: t,
              direction: t === null ? null : direction,
            },
          },
          { onSuccess: () => setLabel("") },
        );
      }}
    >
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="l-kind">Kind</label>
          <select
            id="l-kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as typeof kind;
              setKind(k);
              setRef(k === "kpi" ? (kpiPaths[0] ?? "") : "");
            }}
          >
            <option value="kpi">KPI (live value)</option>
            <option value="finding">Finding</option>
            <option value="incident">Incident</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="l-ref">{kind === "kpi" ? "Metric" : `${kind} id`}</label>
          {kind === "kpi" ? (
            <select id="l-ref" value={ref} onChange={(e) => setRef(e.target.value)}>
              {kpiPaths.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : kind === "finding" && findings.length > 0 ? (
            <select
              id="l-ref"
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              aria-invalid={errs.has("ref")}
            >
              <option value="">choose an open finding…</option>
              {findings.map((f) => (
                <option key={f.id} value={f.id}>
                  [{f.severity}] {f.title}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="l-ref"
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              aria-invalid={errs.has("ref")}
              required
            />
          )}
          {errs.get("ref") && <div className="error">{errs.get("ref")}</div>}
        </div>
        {kind === "kpi" && (
          <div className="field">
            <label htmlFor="l-cluster">Cluster (optional)</label>
            <input id="l-cluster" value={cluster} onChange={(e) => setCluster(e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="l-label">Label</label>
          <input
            id="l-label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="e.g. mTLS coverage eu→us"
          />
        </div>
        {kind === "kpi" && (
          <div className="field">
            <label htmlFor="l-threshold">Flag when the value is</label>
            <div className="row">
              <select
                aria-label="Direction"
                value={direction}
                onChange={(e) => setDirection(e.target.value as "above" | "below")}
              >
                <option value="below">below</option>
                <option value="above">above</option>
              </select>
              <input
                id="l-threshold"
                type="number"
                step="any"
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                className="input-days"
              />
            </div>
            <div className="hint">Leave empty for no flag.</div>
          </div>
        )}
      </div>
      <button className="btn" type="submit" disabled={m.isPending}>
        {m.isPending ? "Linking…" : "Link evidence"}
      </button>
      {m.error && !errs.size && (
        <p className="form-error" role="alert">
          {m.error.message}
        </p>
      )}
    </form>
  );
}
