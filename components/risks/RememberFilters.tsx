"use client";

import { useEffect } from "react";

/** Saves the register's current filters for this user (they come back on the next visit to /risks). */
export function RememberFilters({ query, saved }: { query: string; saved: string | null }) {
  useEffect(() => {
    if (query === (saved ?? "")) return;
    fetch("/api/v1/risks/filters", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    }).catch(() => {});
  }, [query, saved]);
  return null;
}
