"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/Field";
import { SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

const EXPIRY = [
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["90d", "90 days"],
  ["1y", "1 year"],
  ["never", "Never"],
] as const;

export function CreateTokenForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Create API token">
      <div className="grid grid-3">
        <TextField
          id="token-name"
          name="name"
          label="Name"
          required
          placeholder="otel-collector-eu"
          error={state.fieldErrors?.name}
        />
        <fieldset className="field bare">
          <legend className="label-like">Scopes</legend>
          <div className="row">
            {["ingest", "read", "write"].map((s) => (
              <label key={s} className="plain">
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === "ingest"} /> {s}
              </label>
            ))}
          </div>
        </fieldset>
        <SelectField
          id="token-expiry"
          name="expiresIn"
          label="Expires in"
          defaultValue="90d"
          options={EXPIRY}
        />
        <TextField
          id="token-cluster"
          name="cluster"
          label="Default cluster (optional)"
          placeholder="eu-west-prod"
          hint="For pushed records that name no cluster (no ?cluster=, envelope or label), e.g. OPA's decision logs."
          error={state.fieldErrors?.cluster}
        />
      </div>
      <SubmitRow
        state={state}
        pending={pending}
        label="Create token"
        pendingLabel="Creating…"
        secretLabel="New token"
      />
    </form>
  );
}
