"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/lib/client/api";

interface RowError {
  line: number;
  column?: string;
  message: string;
}

export function ImportForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [errors, setErrors] = useState<RowError[]>([]);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem("csv") as HTMLInputElement).files?.[0];
    if (!file) return setMsg("Choose a CSV file first.");
    setBusy(true);
    setMsg(null);
    setErrors([]);
    try {
      const json = await apiFetch<{ rows: number; created: number; updated: number; unchanged: number }>(
        "/api/v1/risks/import",
        { method: "POST", headers: { "content-type": "text/csv" }, body: await file.text() },
      );
      setMsg(
        `Imported ${json.rows} rows: ${json.created} created, ${json.updated} updated, ${json.unchanged} unchanged.`,
      );
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code !== "network") {
        setMsg(err.message);
        setErrors((err.details as { errors?: RowError[] } | undefined)?.errors ?? []);
      } else setMsg(`Import failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} aria-label="Import risks from CSV">
      <div className="row">
        <label htmlFor="risk-csv" className="sr-only">
          CSV file
        </label>
        <input id="risk-csv" name="csv" type="file" accept=".csv,text/csv" />
        <button className="btn" type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import CSV"}
        </button>
      </div>
      <p className="small muted">
        Same columns as the export. All or nothing: one bad row and nothing is imported. Rows with an existing
        id update that risk (their version must be current).
      </p>
      {msg && (
        <p role="status" className={errors.length ? "form-error" : "muted"}>
          {msg}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="small form-error">
          {errors.slice(0, 20).map((e) => (
            <li key={`${e.line}-${e.column}`}>
              Line {e.line}
              {e.column ? ` (${e.column})` : ""}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
