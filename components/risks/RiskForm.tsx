"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ApiError } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { RiskBody } from "@/lib/risks/store";

export interface UserOption {
  id: string;
  name: string;
  email: string;
  role: string;
}

interface FormState {
  title: string;
  description: string;
  category: string;
  owner: string;
  clusters: string;
  inherentL: number;
  inherentI: number;
  residualL: number;
  residualI: number;
  targetL: number;
  targetI: number;
  confidence: string;
  treatment: string;
  status: string;
  reviewDue: string;
}

const LIKELIHOOD = ["1 Rare", "2 Unlikely", "3 Possible", "4 Likely", "5 Almost certain"];
const IMPACT = ["1 Negligible", "2 Minor", "3 Moderate", "4 Major", "5 Severe"];

function fromRisk(r: RiskBody): FormState {
  return {
    title: r.title,
    description: r.description,
    category: r.category,
    owner: r.owner ?? "",
    clusters: r.clusters.join(", "),
    inherentL: r.inherent.likelihood,
    inherentI: r.inherent.impact,
    residualL: r.residual.likelihood,
    residualI: r.residual.impact,
    targetL: r.target.likelihood,
    targetI: r.target.impact,
    confidence: r.confidence,
    treatment: r.treatment,
    status: r.status,
    reviewDue: r.reviewDue.slice(0, 10),
  };
}

const EMPTY: FormState = {
  title: "",
  description: "",
  category: "",
  owner: "",
  clusters: "",
  inherentL: 3,
  inherentI: 3,
  residualL: 3,
  residualI: 3,
  targetL: 2,
  targetI: 2,
  confidence: "medium",
  treatment: "mitigate",
  status: "open",
  reviewDue: "",
};

/** The API fields of a form state. */
function payload(s: FormState): Record<string, unknown> {
  return {
    title: s.title,
    description: s.description,
    category: s.category,
    owner: s.owner,
    clusters: s.clusters
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    inherent: { likelihood: s.inherentL, impact: s.inherentI },
    residual: { likelihood: s.residualL, impact: s.residualI },
    target: { likelihood: s.targetL, impact: s.targetI },
    confidence: s.confidence,
    treatment: s.treatment,
    status: s.status,
    ...(s.reviewDue ? { reviewDue: s.reviewDue } : {}),
  };
}

function changed(base: FormState, now: FormState): Record<string, unknown> {
  const a = payload(base);
  const b = payload(now);
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => JSON.stringify(a[k]) !== JSON.stringify(v)));
}

function showValue(v: unknown, users: UserOption[]): string {
  if (Array.isArray(v)) return v.join(", ") || "none";
  if (v && typeof v === "object" && "likelihood" in v && "impact" in v) {
    const x = v as { likelihood: number; impact: number };
    return `likelihood ${x.likelihood} × impact ${x.impact} = ${x.likelihood * x.impact}`;
  }
  const u = users.find((x) => x.id === v);
  return u ? u.name : String(v ?? "");
}

/** Which form fields an API error path points at. */
const FIELD_OF: Record<string, string> = {
  "inherent.likelihood": "inherentL",
  "inherent.impact": "inherentI",
  "residual.likelihood": "residualL",
  "residual.impact": "residualI",
  "target.likelihood": "targetL",
  "target.impact": "targetI",
  "acceptance.approver": "approver",
  "acceptance.rationale": "rationale",
  "acceptance.expiresAt": "expiresAt",
};

export function RiskForm({ risk, users, me }: { risk: RiskBody | null; users: UserOption[]; me: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<FormState>(risk ? fromRisk(risk) : { ...EMPTY, owner: me });
  const [version, setVersion] = useState(risk?.version ?? 0);
  const [s, setS] = useState<FormState>(base);
  const [note, setNote] = useState("");
  const [requestAcceptance, setRequestAcceptance] = useState(false);
  const [acc, setAcc] = useState({ approver: "", rationale: "", expiresAt: "" });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState<RiskBody | null>(null);
  const m = useApiMutation<RiskBody>();

  const serverErrors: Record<string, string> = {};
  const details = m.error?.details;
  if (Array.isArray(details)) {
    for (const d of details as { path: string; message: string }[])
      serverErrors[FIELD_OF[d.path] ?? d.path] ??= d.message;
  }
  const errors = { ...serverErrors, ...clientErrors };
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS((x) => ({ ...x, [k]: v }));

  function focusFirstError(errs: Record<string, string>) {
    const first = Object.keys(errs)[0];
    if (first)
      requestAnimationFrame(() =>
        (formRef.current?.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus(),
      );
  }

  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    const errs: Record<string, string> = {};
    if (!s.title.trim()) errs.title = "A title is required.";
    if (!s.owner) errs.owner = "Choose an owner.";
    if (requestAcceptance) {
      if (!acc.approver) errs.approver = "Choose an approver.";
      else if (acc.approver === me) errs.approver = "The approver must be someone other than you.";
      if (!acc.rationale.trim()) errs.rationale = "Say why the risk is acceptable.";
      if (!acc.expiresAt) errs.expiresAt = "Acceptances expire; choose a date.";
    }
    setClientErrors(errs);
    if (Object.keys(errs).length) return focusFirstError(errs);
    const acceptance = requestAcceptance
      ? { acceptance: { approver: acc.approver, rationale: acc.rationale, expiresAt: acc.expiresAt } }
      : {};
    const onError = (err: ApiError) => {
      if (err.status === 409 && (err.details as { current?: RiskBody })?.current) {
        setStale((err.details as { current: RiskBody }).current);
      } else if (Array.isArray(err.details)) {
        const fe: Record<string, string> = {};
        for (const d of err.details as { path: string; message: string }[])
          fe[FIELD_OF[d.path] ?? d.path] = d.message;
        focusFirstError(fe);
      }
    };
    if (!risk) {
      m.mutate(
        { url: "/api/v1/risks", body: payload(s) },
        { onSuccess: (r) => router.push(`/risks/${r.id}`), onError },
      );
    } else {
      const body = { version, ...changed(base, s), ...acceptance, ...(note ? { note } : {}) };
      m.mutate(
        { url: `/api/v1/risks/${risk.id}`, method: "PATCH", body },
        { onSuccess: () => router.push(`/risks/${risk.id}`), onError },
      );
    }
  }

  /** Keep my edits on top of the version someone else saved (only the fields I changed). */
  function keepMine(current: RiskBody) {
    const mine = changed(base, s);
    const theirs = fromRisk(current);
    const merged = { ...theirs };
    const p = payload(s);
    for (const k of Object.keys(mine)) {
      if (k === "inherent" || k === "residual" || k === "target") {
        merged[`${k}L` as "inherentL"] = (p[k] as { likelihood: number }).likelihood;
        merged[`${k}I` as "inherentI"] = (p[k] as { impact: number }).impact;
      } else if (k === "clusters") merged.clusters = s.clusters;
      else (merged as unknown as Record<string, unknown>)[k] = (s as unknown as Record<string, unknown>)[k];
    }
    setBase(theirs);
    setS(merged);
    setVersion(current.version);
    setStale(null);
    m.reset();
  }

  function loadTheirs(current: RiskBody) {
    const theirs = fromRisk(current);
    setBase(theirs);
    setS(theirs);
    setVersion(current.version);
    setStale(null);
    m.reset();
  }

  const field = (name: keyof FormState | "approver" | "rationale" | "expiresAt") =>
    errors[name] ? (
      <div className="error" id={`${name}-error`}>
        {errors[name]}
      </div>
    ) : null;
  const aria = (name: string) => ({
    "aria-invalid": !!errors[name],
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  });
  const scoreSelect = (
    name: "inherentL" | "inherentI" | "residualL" | "residualI" | "targetL" | "targetI",
    label: string,
    options: string[],
  ) => (
    <div className="field">
      <label htmlFor={`rf-${name}`}>{label}</label>
      <select
        id={`rf-${name}`}
        name={name}
        value={s[name]}
        onChange={(e) => set(name, Number(e.target.value))}
        {...aria(name)}
      >
        {options.map((o, i) => (
          <option key={o} value={i + 1}>
            {o}
          </option>
        ))}
      </select>
      {field(name)}
    </div>
  );

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && (e.key === "Enter" || e.key === "s")) {
          e.preventDefault();
          submit();
        }
      }}
      noValidate
      aria-label={risk ? "Edit risk" : "New risk"}
      className="stack risk-form"
    >
      {stale && (
        <div className="card stale" role="alert">
          <h2>Someone saved this risk while you were editing</h2>
          <p>
            Version {stale.version} was saved at {stale.updatedAt.replace("T", " ").slice(0, 19)} UTC; you
            started from version {version}. Nothing of yours was saved. Their version:
          </p>
          <ul className="small">
            {Object.entries(changed(base, fromRisk(stale))).map(([k, v]) => (
              <li key={k}>
                <strong>{k}</strong>: {showValue(v, users)}
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" className="btn primary" onClick={() => keepMine(stale)}>
              Keep my changes on top of theirs
            </button>
            <button type="button" className="btn" onClick={() => loadTheirs(stale)}>
              Discard mine and load theirs
            </button>
          </div>
        </div>
      )}
      <section className="card">
        <h2>Risk</h2>
        <div className="field">
          <label htmlFor="rf-title">Title</label>
          <input
            id="rf-title"
            name="title"
            value={s.title}
            onChange={(e) => set("title", e.target.value)}
            maxLength={200}
            style={{ width: "100%" }}
            {...aria("title")}
          />
          {field("title")}
        </div>
        <div className="field">
          <label htmlFor="rf-description">Description</label>
          <textarea
            id="rf-description"
            name="description"
            rows={4}
            value={s.description}
            onChange={(e) => set("description", e.target.value)}
            style={{ width: "100%" }}
            {...aria("description")}
          />
          {field("description")}
        </div>
        <div className="grid grid-3">
          <div className="field">
            <label htmlFor="rf-category">Category</label>
            <input
              id="rf-category"
              name="category"
              value={s.category}
              onChange={(e) => set("category", e.target.value)}
              list="rf-categories"
              {...aria("category")}
            />
            <datalist id="rf-categories">
              <option value="mesh / mTLS" />
              <option value="certificates" />
              <option value="policy" />
              <option value="identity" />
              <option value="availability" />
            </datalist>
            {field("category")}
          </div>
          <div className="field">
            <label htmlFor="rf-owner">Owner</label>
            <select
              id="rf-owner"
              name="owner"
              value={s.owner}
              onChange={(e) => set("owner", e.target.value)}
              {...aria("owner")}
            >
              <option value="">choose…</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
            {field("owner")}
          </div>
          <div className="field">
            <label htmlFor="rf-clusters">Clusters</label>
            <input
              id="rf-clusters"
              name="clusters"
              value={s.clusters}
              onChange={(e) => set("clusters", e.target.value)}
              placeholder="eu-west-prod, us-east-prod"
              {...aria("clusters")}
            />
            <div className="hint">Comma-separated.</div>
            {field("clusters")}
          </div>
        </div>
      </section>
      <section className="card">
        <h2>Scores</h2>
        <div className="grid grid-3">
          <fieldset className="scores">
            <legend>Inherent (before controls)</legend>
            {scoreSelect("inherentL", "Likelihood", LIKELIHOOD)}
            {scoreSelect("inherentI", "Impact", IMPACT)}
            <div className="small muted">Score {s.inherentL * s.inherentI}</div>
          </fieldset>
          <fieldset className="scores">
            <legend>Residual (with current controls)</legend>
            {scoreSelect("residualL", "Likelihood", LIKELIHOOD)}
            {scoreSelect("residualI", "Impact", IMPACT)}
            <div className="small muted">Score {s.residualL * s.residualI}</div>
          </fieldset>
          <fieldset className="scores">
            <legend>Target (after planned treatment)</legend>
            {scoreSelect("targetL", "Likelihood", LIKELIHOOD)}
            {scoreSelect("targetI", "Impact", IMPACT)}
            <div className="small muted">Score {s.targetL * s.targetI}</div>
          </fieldset>
        </div>
        <div className="grid grid-4">
          <div className="field">
            <label htmlFor="rf-confidence">Confidence</label>
            <select
              id="rf-confidence"
              name="confidence"
              value={s.confidence}
              onChange={(e) => set("confidence", e.target.value)}
            >
              <option value="low">low</option>
              <option value="medium">medium</option>
              <option value="high">high</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="rf-treatment">Treatment</label>
            <select
              id="rf-treatment"
              name="treatment"
              value={s.treatment}
              onChange={(e) => set("treatment", e.target.value)}
            >
              <option value="mitigate">mitigate</option>
              <option value="accept">accept</option>
              <option value="transfer">transfer</option>
              <option value="avoid">avoid</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="rf-status">Status</label>
            <select
              id="rf-status"
              name="status"
              value={s.status}
              onChange={(e) => set("status", e.target.value)}
              {...aria("status")}
            >
              <option value="open">open</option>
              <option value="treating">treating</option>
              {base.status === "accepted" && <option value="accepted">accepted</option>}
              <option value="closed">closed</option>
            </select>
            <div className="hint">A risk becomes accepted when its approver approves.</div>
            {field("status")}
          </div>
          <div className="field">
            <label htmlFor="rf-reviewDue">Review due</label>
            <input
              id="rf-reviewDue"
              name="reviewDue"
              type="date"
              value={s.reviewDue}
              onChange={(e) => set("reviewDue", e.target.value)}
              {...aria("reviewDue")}
            />
            <div className="hint">Empty: set by the level's cadence.</div>
            {field("reviewDue")}
          </div>
        </div>
      </section>
      {risk && (
        <section className="card">
          <h2>Acceptance</h2>
          <label className="check">
            <input
              type="checkbox"
              checked={requestAcceptance}
              onChange={(e) => setRequestAcceptance(e.target.checked)}
            />{" "}
            Request acceptance of the residual risk
          </label>
          {requestAcceptance && (
            <div className="grid grid-3">
              <div className="field">
                <label htmlFor="rf-approver">Approver</label>
                <select
                  id="rf-approver"
                  name="approver"
                  value={acc.approver}
                  onChange={(e) => setAcc({ ...acc, approver: e.target.value })}
                  {...aria("approver")}
                >
                  <option value="">choose…</option>
                  {users
                    .filter((u) => u.id !== me && (u.role === "risk_manager" || u.role === "admin"))
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name} ({u.email})
                      </option>
                    ))}
                </select>
                {field("approver")}
              </div>
              <div className="field">
                <label htmlFor="rf-rationale">Rationale</label>
                <input
                  id="rf-rationale"
                  name="rationale"
                  value={acc.rationale}
                  onChange={(e) => setAcc({ ...acc, rationale: e.target.value })}
                  {...aria("rationale")}
                />
                {field("rationale")}
              </div>
              <div className="field">
                <label htmlFor="rf-expiresAt">Expires</label>
                <input
                  id="rf-expiresAt"
                  name="expiresAt"
                  type="date"
                  value={acc.expiresAt}
                  onChange={(e) => setAcc({ ...acc, expiresAt: e.target.value })}
                  {...aria("expiresAt")}
                />
                {field("expiresAt")}
              </div>
            </div>
          )}
        </section>
      )}
      <section className="card">
        {risk && (
          <div className="field">
            <label htmlFor="rf-note">Why (kept in the history)</label>
            <input
              id="rf-note"
              name="note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
              style={{ width: "100%" }}
            />
          </div>
        )}
        <div className="row">
          <button className="btn primary" type="submit" disabled={m.isPending}>
            {m.isPending ? "Saving…" : risk ? "Save changes" : "Create risk"}
          </button>
          <Link className="btn" href={risk ? `/risks/${risk.id}` : "/risks"}>
            Cancel
          </Link>
          <span className="small muted">Ctrl+Enter saves.</span>
          {m.error && m.error.status !== 409 && (
            <span className="form-error" role="alert">
              {m.error.message}
            </span>
          )}
        </div>
      </section>
    </form>
  );
}
