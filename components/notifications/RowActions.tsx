"use client";

import Link from "next/link";
import { FormStatus } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiAction } from "@/lib/client/use-api-form";

/** Edit / send test / enable / disable / delete for a channel, rule or report e-mail. */
export function RowActions({
  base,
  name,
  test,
  enabled,
  editHref,
}: {
  base: string;
  name: string;
  test?: boolean;
  enabled?: boolean;
  /** Where the row's edit form is (the page shows it in place of the add form). */
  editHref?: string;
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
        {editHref && (
          <Link className="btn small" href={editHref} aria-label={`Edit ${name}`}>
            Edit
          </Link>
        )}
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
