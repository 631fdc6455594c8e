import { control, Field, SelectField } from "./Field";
import type { Errors, UserOption } from "./state";

export interface AcceptanceDraft {
  approver: string;
  rationale: string;
  expiresAt: string;
}

/** The request for acceptance of the residual risk: another risk manager or an admin approves it. */
export function AcceptanceFields({
  acc,
  setAcc,
  users,
  me,
  errors,
}: {
  acc: AcceptanceDraft;
  setAcc: (a: AcceptanceDraft) => void;
  users: UserOption[];
  me: string;
  errors: Errors;
}) {
  const approvers = users
    .filter((u) => u.id !== me && (u.role === "risk_manager" || u.role === "admin"))
    .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  return (
    <div className="grid grid-3">
      <SelectField
        name="approver"
        label="Approver"
        errors={errors}
        value={acc.approver}
        onChange={(v) => setAcc({ ...acc, approver: v })}
        options={approvers}
        placeholder="choose…"
      />
      <Field name="rationale" label="Rationale" errors={errors}>
        <input
          {...control("rationale", errors)}
          value={acc.rationale}
          onChange={(e) => setAcc({ ...acc, rationale: e.target.value })}
        />
      </Field>
      <Field name="expiresAt" label="Expires" errors={errors}>
        <input
          {...control("expiresAt", errors)}
          type="date"
          value={acc.expiresAt}
          onChange={(e) => setAcc({ ...acc, expiresAt: e.target.value })}
        />
      </Field>
    </div>
  );
}
