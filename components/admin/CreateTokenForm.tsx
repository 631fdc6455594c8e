"use client";

import { useActionState } from "react";
import { FieldError, SubmitRow } from "@/components/ui/FormStatus";
import type { FormActionFn } from "@/lib/http/form-state";

export function CreateTokenForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Create API token">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            required
            placeholder="otel-collector-eu"
            style={{ width: "100%" }}
          />
          <FieldError id="token-name" error={state.fieldErrors?.name} />
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Scopes</legend>
          <div className="row">
            {["ingest", "read", "write"].map((s) => (
              <label key={s} style={{ fontWeight: 400 }}>
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === "ingest"} /> {s}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="token-expiry">Expires in</label>
          <select id="token-expiry" name="expiresIn" defaultValue="90d" style={{ width: "100%" }}>
            <option value="7d">7 days</option>
            <option value="30d">30 days</option>
            <option value="90d">90 days</option>
            <option value="1y">1 year</option>
            <option value="never">Never</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="token-cluster">Default cluster (optional)</label>
          <input
            id="token-cluster"
            name="cluster"
            placeholder="eu-west-prod"
            aria-describedby="token-cluster-help"
            style={{ width: "100%" }}
          />
          <div id="token-cluster-help" className="small muted">
            For pushed records that name no cluster (no ?cluster=, envelope or label), e.g. OPA's decision
            logs.
          </div>
          <FieldError id="token-cluster" error={state.fieldErrors?.cluster} />
        </div>
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
