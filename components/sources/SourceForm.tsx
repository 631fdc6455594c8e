"use client";

import { useRef, useState } from "react";
import { SelectField, TextField } from "@/components/ui/Field";
import { FormStatus, SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiAction, useApiForm } from "@/lib/client/use-api-form";
import { type ConnectorInfo, configFromForm } from "@/lib/sources/fields";
import { ConnectorFieldInput } from "./ConnectorFields";

const INTERVALS = [
  ["60", "minute"],
  ["300", "5 minutes"],
  ["900", "15 minutes"],
  ["3600", "hour"],
] as const;

/** The connector's config and secrets from the form (fields are named config:<key> and secret:<key>). */
function connectorBody(c: ConnectorInfo, f: FormData) {
  const config = configFromForm(c.fields, (k) => {
    const v = f.get(`config:${k}`);
    return v === null ? null : String(v);
  });
  const secrets: Record<string, string> = {};
  for (const s of c.secrets) {
    const v = String(f.get(`secret:${s.key}`) ?? "");
    if (v) secrets[s.key] = v;
  }
  return { kind: c.kind, config, secrets };
}

/** Add a pull source: each connector kind has its own fields and help, and can be tested before saving. */
export function SourceForm({ connectors }: { connectors: ConnectorInfo[] }) {
  const [kind, setKind] = useState(connectors[0]?.kind ?? "");
  const c = connectors.find((x) => x.kind === kind) ?? connectors[0];
  const formRef = useRef<HTMLFormElement>(null);
  const form = useApiForm(async (f) => {
    await apiFetch("/api/v1/sources", {
      method: "POST",
      body: {
        ...connectorBody(c, f),
        name: f.get("name"),
        cluster: f.get("cluster") || null,
        intervalSeconds: Number(f.get("interval")),
      },
    });
    return `Source ${f.get("name")} added; it runs within the interval (or use Run now).`;
  });
  const test = useApiAction({ refresh: false });
  if (!c) return <p className="muted">No pull connectors are installed.</p>;

  const runTest = () =>
    test.run(async () => {
      if (!formRef.current) return undefined;
      const r = await apiFetch<{ ok: boolean; message: string }>("/api/v1/sources/test", {
        method: "POST",
        body: connectorBody(c, new FormData(formRef.current)),
      });
      return { ok: r.ok, message: r.ok ? `Connected: ${r.message}` : `Failed: ${r.message}` };
    }, "test");
  const err = form.state.fieldErrors ?? {};

  return (
    <form ref={formRef} onSubmit={form.onSubmit} aria-label="Add a pull source">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="src-kind">Connector</label>
          <select
            id="src-kind"
            value={c.kind}
            onChange={(e) => setKind(e.target.value)}
            aria-describedby="src-kind-hint"
          >
            {connectors.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </select>
          <div className="hint" id="src-kind-hint">
            {c.description}
          </div>
        </div>
        <TextField id="src-name" name="name" label="Name" required maxLength={100} error={err.name} />
        <TextField
          id="src-cluster"
          name="cluster"
          label="Cluster"
          placeholder="eu-west-prod"
          hint="What the pulled records are filed under when they name no cluster themselves."
          error={err.cluster}
        />
      </div>
      <fieldset className="connector-fields" key={c.kind}>
        <legend>{c.label}</legend>
        <div className="grid grid-2">
          {c.fields.map((f) => (
            <ConnectorFieldInput key={f.key} kind={c.kind} field={f} />
          ))}
          {c.secrets.map((s) => (
            <div className="field" key={s.key}>
              <label htmlFor={`src-secret-${s.key}`}>{s.label}</label>
              <input
                id={`src-secret-${s.key}`}
                name={`secret:${s.key}`}
                type="password"
                autoComplete="off"
                aria-describedby={`src-secret-${s.key}-hint`}
              />
              <div className="hint" id={`src-secret-${s.key}-hint`}>
                {s.help} Stored encrypted, never shown again.
              </div>
            </div>
          ))}
          <SelectField
            id="src-interval"
            name="interval"
            label="Every"
            defaultValue="300"
            options={INTERVALS}
          />
        </div>
      </fieldset>
      {c.testable && (
        <div className="row gap-below-sm">
          <button className="btn" type="button" onClick={runTest} disabled={test.pending !== null}>
            {test.pending ? "Testing…" : "Test connection"}
          </button>
          <FormStatus state={test.state} />
        </div>
      )}
      <SubmitRow state={form.state} pending={form.pending} label="Add source" pendingLabel="Adding…" />
    </form>
  );
}
