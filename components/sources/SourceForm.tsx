"use client";

import { useState } from "react";
import { SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";

export interface ConnectorInfo {
  kind: string;
  label: string;
  description: string;
  secretFields: readonly string[];
  exampleConfig?: Record<string, unknown>;
}

export function SourceForm({ connectors }: { connectors: ConnectorInfo[] }) {
  const [kind, setKind] = useState(connectors[0]?.kind ?? "");
  const c = connectors.find((x) => x.kind === kind);
  const form = useApiForm(async (f) => {
    let config: unknown;
    try {
      config = JSON.parse(String(f.get("config") || "{}"));
    } catch {
      return { ok: false, message: "Config: not valid JSON", fieldErrors: { config: "not valid JSON" } };
    }
    const secrets: Record<string, string> = {};
    for (const s of c?.secretFields ?? []) {
      const v = String(f.get(`secret:${s}`) ?? "");
      if (v) secrets[s] = v;
    }
    await apiFetch("/api/v1/sources", {
      method: "POST",
      body: {
        name: f.get("name"),
        kind,
        cluster: f.get("cluster") || null,
        intervalSeconds: Number(f.get("interval")),
        config,
        secrets,
      },
    });
  });
  if (connectors.length === 0) return <p className="muted">No pull connectors are installed.</p>;

  return (
    <form onSubmit={form.onSubmit} aria-label="Add a pull source">
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
      <SubmitRow state={form.state} pending={form.pending} label="Add source" pendingLabel="Adding…" />
    </form>
  );
}
