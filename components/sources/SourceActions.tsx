"use client";

import { FormStatus } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiAction } from "@/lib/client/use-api-form";

export function SourceActions({ id, name }: { id: string; name: string }) {
  const a = useApiAction();
  const run = () =>
    a.run(async () => {
      const r = await apiFetch<{ status: string; message: string }>(`/api/v1/sources/${id}/run`, {
        method: "POST",
      });
      return `${r.status}: ${r.message}`;
    }, "run");
  const remove = () => {
    if (window.confirm(`Delete source ${name}? Its batches stay.`))
      a.run(() => apiFetch<void>(`/api/v1/sources/${id}`, { method: "DELETE" }), "delete");
  };
  return (
    <div>
      <div className="row">
        <button className="btn small" type="button" disabled={!!a.pending} onClick={run}>
          {a.pending === "run" ? "Running…" : "Run now"}
        </button>
        <button className="btn small danger" type="button" disabled={!!a.pending} onClick={remove}>
          Delete
        </button>
      </div>
      <div className="small">
        <FormStatus state={a.state} />
      </div>
    </div>
  );
}
