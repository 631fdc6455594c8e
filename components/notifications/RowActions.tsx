"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/sources/api";

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
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  async function act(what: "test" | "toggle" | "delete") {
    if (what === "delete" && !window.confirm(`Delete ${name}?`)) return;
    setBusy(true);
    setMsg(null);
    try {
      if (what === "test") {
        await apiFetch(`${base}/test`, { method: "POST" });
        setMsg("Queued; the delivery log shows the result within a minute.");
      } else if (what === "toggle") {
        await apiFetch(base, { method: "PATCH", body: JSON.stringify({ enabled: !enabled }) });
      } else {
        await apiFetch(base, { method: "DELETE" });
      }
      router.refresh();
    } catch (e) {
      setMsg((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <div className="row">
        {test && (
          <button className="btn small" type="button" disabled={busy} onClick={() => act("test")}>
            Send test
          </button>
        )}
        {enabled !== undefined && (
          <button className="btn small" type="button" disabled={busy} onClick={() => act("toggle")}>
            {enabled ? "Disable" : "Enable"}
          </button>
        )}
        <button className="btn small danger" type="button" disabled={busy} onClick={() => act("delete")}>
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
