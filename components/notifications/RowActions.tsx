"use client";

import { FormStatus } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiAction } from "@/lib/client/use-api-form";

/** Send test / enable / disable / delete for a channel, rule or report e-mail. */
export function RowActions({
  base,
  name,
  test,
  enabled,
}: {
  base: string;
  name: string;
  test?: boolean;
  enabled?: boolean;
}) {
  const a = useApiAction();
  const busy = a.pending !== null;
  const sendTest = () =>
    a.run(async () => {
      await apiFetch(`${base}/test`, { method: "POST" });
      return "Queued; the delivery log shows the result within a minute.";
    });
  const toggle = () => a.run(() => apiFetch<void>(base, { method: "PATCH", body: { enabled: !enabled } }));
  const remove = () => {
    if (window.confirm(`Delete ${name}?`)) a.run(() => apiFetch<void>(base, { method: "DELETE" }));
  };
  return (
    <div>
      <div className="row">
        {test && (
          <button className="btn small" type="button" disabled={busy} onClick={sendTest}>
            Send test
          </button>
        )}
        {enabled !== undefined && (
          <button className="btn small" type="button" disabled={busy} onClick={toggle}>
            {enabled ? "Disable" : "Enable"}
          </button>
        )}
        <button className="btn small danger" type="button" disabled={busy} onClick={remove}>
          Delete
        </button>
      </div>
      <div className="small">
        <FormStatus state={a.state} />
      </div>
    </div>
  );
}
