"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ApiError } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { CONFIDENCES, STATUSES, TREATMENTS } from "@/lib/risks/model";
import type { RiskBody } from "@/lib/risks/mutations/revisions";
import { type AcceptanceDraft, AcceptanceFields } from "./form/AcceptanceFields";
import { control, Field, SelectField } from "./form/Field";
import { ScoreFields } from "./form/ScoreFields";
import { StaleNotice } from "./form/StaleNotice";
import {
  changed,
  EMPTY,
  type Errors,
  type FormState,
  fieldErrors,
  fromRisk,
  mergeMine,
  payload,
  type UserOption,
} from "./form/state";

export type { UserOption } from "./form/state";

const CATEGORIES = ["mesh / mTLS", "certificates", "policy", "identity", "availability"];

/** What the form can tell before asking the API (the API checks everything again). */
function checkLocally(s: FormState, acc: AcceptanceDraft | null, me: string): Errors {
  const errs: Errors = {};
  if (!s.title.trim()) errs.title = "A title is required.";
  if (!s.owner) errs.owner = "Choose an owner.";
  if (acc) {
    if (!acc.approver) errs.approver = "Choose an approver.";
    else if (acc.approver === me) errs.approver = "The approver must be someone other than you.";
    if (!acc.rationale.trim()) errs.rationale = "Say why the risk is acceptable.";
    if (!acc.expiresAt) errs.expiresAt = "Acceptances expire; choose a date.";
  }
  return errs;
}

/** Create a risk, or edit one (optimistic concurrency: a 409 shows what the other person changed). */
export function RiskForm({
  risk,
  users,
  me,
  zone = "UTC",
}: {
  risk: RiskBody | null;
  users: UserOption[];
  me: string;
  /** The time zone times are shown in (lib/time). */
  zone?: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<FormState>(risk ? fromRisk(risk) : { ...EMPTY, owner: me });
  const [version, setVersion] = useState(risk?.version ?? 0);
  const [s, setS] = useState<FormState>(base);
  const [note, setNote] = useState("");
  const [requestAcceptance, setRequestAcceptance] = useState(false);
  const [acc, setAcc] = useState<AcceptanceDraft>({ approver: "", rationale: "", expiresAt: "" });
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const [stale, setStale] = useState<RiskBody | null>(null);
  const m = useApiMutation<RiskBody>();

  const errors = { ...fieldErrors(m.error?.details), ...clientErrors };
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS((x) => ({ ...x, [k]: v }));
  const text = (k: keyof FormState) => ({
    ...control(k, errors),
    value: s[k],
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
  });

  function focusFirstError(errs: Errors) {
    const first = Object.keys(errs)[0];
    if (first)
      requestAnimationFrame(() =>
        (formRef.current?.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus(),
      );
  }

  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    const errs = checkLocally(s, requestAcceptance ? acc : null, me);
    setClientErrors(errs);
    if (Object.keys(errs).length) return focusFirstError(errs);
    const onError = (err: ApiError) => {
      const current = (err.details as { current?: RiskBody } | undefined)?.current;
      if (err.status === 409 && current) setStale(current);
      else focusFirstError(fieldErrors(err.details));
    };
    if (!risk) {
      m.mutate(
        { url: "/api/v1/risks", body: payload(s) },
        { onSuccess: (r) => router.push(`/risks/${r.id}`), onError },
      );
      return;
    }
    const body = {
      version,
      ...changed(base, s),
      ...(requestAcceptance ? { acceptance: acc } : {}),
      ...(note ? { note } : {}),
    };
    m.mutate(
      { url: `/api/v1/risks/${risk.id}`, method: "PATCH", body },
      { onSuccess: () => router.push(`/risks/${risk.id}`), onError },
    );
  }

  /** Start again from the version someone else saved: `mine` is what the form then holds. */
  function rebase(current: RiskBody, mine: (theirs: FormState) => FormState) {
    const theirs = fromRisk(current);
    setBase(theirs);
    setS(mine(theirs));
    setVersion(current.version);
    setStale(null);
    m.reset();
  }

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
        <StaleNotice
          stale={stale}
          base={base}
          version={version}
          users={users}
          zone={zone}
          onKeepMine={() => rebase(stale, (theirs) => mergeMine(base, s, theirs))}
          onLoadTheirs={() => rebase(stale, (theirs) => theirs)}
        />
      )}
      <section className="card">
        <h2>Risk</h2>
        <Field name="title" label="Title" errors={errors}>
          <input {...text("title")} maxLength={200} />
        </Field>
        <Field name="description" label="Description" errors={errors}>
          <textarea {...text("description")} rows={4} />
        </Field>
        <div className="grid grid-3">
          <Field name="category" label="Category" errors={errors}>
            <input {...text("category")} list="rf-categories" />
            <datalist id="rf-categories">
              {CATEGORIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <SelectField
            name="owner"
            label="Owner"
            errors={errors}
            value={s.owner}
            onChange={(v) => set("owner", v)}
            options={users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            placeholder="choose…"
          />
          <Field name="clusters" label="Clusters" errors={errors} hint="Comma-separated.">
            <input {...text("clusters")} placeholder="eu-west-prod, us-east-prod" />
          </Field>
        </div>
      </section>
      <section className="card">
        <h2>Scores</h2>
        <ScoreFields s={s} errors={errors} set={set} />
        <div className="grid grid-4">
          {(
            [
              ["confidence", "Confidence", CONFIDENCES, undefined],
              ["treatment", "Treatment", TREATMENTS, undefined],
              [
                "status",
                "Status",
                STATUSES.filter((x) => x !== "accepted" || base.status === "accepted"),
                "A risk becomes accepted when its approver approves.",
              ],
            ] as const
          ).map(([k, label, options, hint]) => (
            <SelectField
              key={k}
              name={k}
              label={label}
              errors={errors}
              hint={hint}
              value={s[k]}
              onChange={(v) => set(k, v)}
              options={options}
            />
          ))}
          <Field
            name="reviewDue"
            label="Review due"
            errors={errors}
            hint="Empty: set by the level's cadence."
          >
            <input {...text("reviewDue")} type="date" />
          </Field>
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
            <AcceptanceFields acc={acc} setAcc={setAcc} users={users} me={me} errors={errors} />
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
