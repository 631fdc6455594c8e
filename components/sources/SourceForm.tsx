"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { apiFetch } from "./api";

export interface ConnectorInfo {
  kind: string;
  label: string;
  description: string;
  secretFields: readonly string[];
  exampleConfig?: Record<string, unknown>;
}

export function SourceForm({ connectors }: { connectors: ConnectorInfo[] }) {
  const router = useRouter();
  const [kind, setKind] = useState(connectors[0]?.kind ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const c = connectors.find((x) => x.kind === kind);
  if (connectors.length === 0) return <p className="muted">No pull connectors are installed.</p>;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    let config: unknown;
    try {
      config = JSON.parse(String(f.get("config") || "{}"));
    } catch {
      setError("Config: not valid JSON");
      return;
    }
    const secrets: Record<string, string> = {};
    for (const s of c?.secretFields ?? []) {
      const v = String(f.get(`secret:${s}`) ?? "");
      if (v) secrets[s] = v;
    }
    setBusy(true);
    try {
      await apiFetch("/api/v1/sources", {
        method: "POST",
        body: JSON.stringify({
          name: f.get("name"),
          kind,
          cluster: f.get("cluster") || null,
          intervalSeconds: Number(f.get("interval")),
          config,
          secrets,
        }),
      });
      e.currentTarget?.reset();
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label="Add a pull source">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="src-kind">Connector</label>
          <select
            id="src-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            style={{ width: "100%" }}
          >
            {connectors.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </select>
          <div className="hint">{c?.description}</div>
        </div>
        <div className="field">
          <label htmlFor="src-name">Name</label>
          <input id="src-name" name="name" required style={{ width: "100%" }} />
        </div>
        <div className="field">
          <label htmlFor="src-cluster">Cluster</label>
          <input id="src-cluster" name="cluster" placeholder="eu-west-prod" style={{ width: "100%" }} />
        </div>
      </div>
      <div className="grid grid-2">
        <div className="field">
          <label htmlFor="src-config">Config (JSON)</label>
          <textarea
            id="src-config"
            name="config"
            rows={6}
            key={kind}
            defaultValue={JSON.stringify(c?.exampleConfig ?? {}, null, 2)}
            className="mono"
            style={{ width: "100%" }}
          />
        </div>
        <div>
          <div className="field">
            <label htmlFor="src-interval">Every</label>
            <select id="src-interval" name="interval" defaultValue="300">
              <option value="60">minute</option>
              <option value="300">5 minutes</option>
              <option value="900">15 minutes</option>
              <option value="3600">hour</option>
            </select>
          </div>
          {c?.secretFields.map((s) => (
            <div className="field" key={`${kind}:${s}`}>
              <label htmlFor={`src-secret-${s}`}>{s} (stored encrypted, never shown again)</label>
              <input
                id={`src-secret-${s}`}
                name={`secret:${s}`}
                type="password"
                autoComplete="off"
                style={{ width: "100%" }}
              />
            </div>
          ))}
        </div>
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add source"}
        </button>
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
