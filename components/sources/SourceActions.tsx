"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "./api";

export function SourceActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  async function act(what: "run" | "delete") {
    if (what === "delete" && !window.confirm(`Delete source ${name}? Its batches stay.`)) return;
    setBusy(what);
    setMsg(null);
    try {
      if (what === "run") {
        const r = await apiFetch<{ status: string; message: string }>(`/api/v1/sources/${id}/run`, {
          method: "POST",
        });
        setMsg(`${r.status}: ${r.message}`);
      } else {
        await apiFetch(`/api/v1/sources/${id}`, { method: "DELETE" });
      }
      router.refresh();
    } catch (e) {
      setMsg((e as Error).message);
    } finally {
      setBusy(null);
    }
  }
  return (
    <div>
      <div className="row">
        <button className="btn small" type="button" disabled={!!busy} onClick={() => act("run")}>
          {busy === "run" ? "Running…" : "Run now"}
        </button>
        <button className="btn small danger" type="button" disabled={!!busy} onClick={() => act("delete")}>
          Delete
        </button>
      </div>
      {msg && (
        <div className="small muted" role="status">
          {msg}
        </div>
      )}
    </div>
  );
}
