"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

interface Result {
  status: string;
  format: string;
  accepted: number;
  duplicates: number;
  rejectedCount: number;
  rejected: { index?: number; line?: number; reason: string }[];
}

/** Operators upload a PEM bundle, cert-manager List or exporter metrics through the same ingest API. */
export function UploadForm({ clusters }: { clusters: string[] }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const file = d.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setError("Choose a file first.");
      return;
    }
    const q = new URLSearchParams();
    for (const k of ["cluster", "format"]) {
      const v = String(d.get(k) ?? "").trim();
      if (v) q.set(k, v);
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await apiFetch<Result>(`/api/v1/ingest/certificates?${q}`, { method: "POST", body: file }));
      await qc.invalidateQueries({ queryKey: queryKeys.certificates.all });
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card">
      <summary className="strong-summary">Upload certificates</summary>
      <form className="row align-end section-gap" onSubmit={onSubmit}>
        <div>
          <label htmlFor="up-file">File</label>
          <input id="up-file" name="file" type="file" accept=".pem,.crt,.cer,.json,.prom,.txt,.gz" required />
        </div>
        <div>
          <label htmlFor="up-cluster">Cluster</label>
          <input id="up-cluster" name="cluster" list="up-clusters" placeholder="from the envelope if empty" />
          <datalist id="up-clusters">
            {clusters.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="up-format">Format</label>
          <select id="up-format" name="format" defaultValue="">
            <option value="">detect</option>
            <option value="pem">PEM bundle</option>
            <option value="cert-manager">cert-manager List / envelope</option>
            <option value="x509-exporter">x509-exporter metrics</option>
          </select>
        </div>
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload"}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status" className="small status-gap">
          <span
            className={`badge ${result.status === "completed" ? "ok" : result.status === "partial" ? "warn" : ""}`}
          >
            {result.status}
          </span>{" "}
          {result.format}: {result.accepted} accepted, {result.duplicates} duplicates, {result.rejectedCount}{" "}
          rejected
          {result.rejected.length > 0 && (
            <ul>
              {result.rejected.slice(0, 10).map((x) => (
                <li key={`${x.index ?? ""}-${x.line ?? ""}-${x.reason}`}>
                  {x.line !== undefined ? `line ${x.line}` : `item ${x.index}`}: {x.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}
