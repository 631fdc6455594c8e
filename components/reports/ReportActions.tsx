"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";

export function PrintButton() {
  return (
    <button type="button" className="btn" onClick={() => window.print()}>
      Print
    </button>
  );
}

/** Freezes the report as shown (data + PDF + SHA-256) and opens the frozen copy. */
export function FreezeButton({ period, cluster }: { period: string; cluster: string | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const body = await apiFetch<{ snapshot: { id: string } }>("/api/v1/reports/snapshots", {
              method: "POST",
              body: { period, cluster },
            });
            router.push(`/reports/frozen/${body.snapshot.id}`);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
            setBusy(false);
          }
        }}
      >
        {busy ? "Freezing…" : "Freeze"}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
