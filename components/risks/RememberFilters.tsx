"use client";

import { useEffect } from "react";
import { apiFetch } from "@/lib/client/api";

/** Saves the register's current filters for this user (they come back on the next visit to /risks). */
export function RememberFilters({ query, saved }: { query: string; saved: string | null }) {
  useEffect(() => {
    if (query === (saved ?? "")) return;
    // Best effort: a filter that could not be remembered is not worth an error on the page.
    apiFetch("/api/v1/risks/filters", { method: "PUT", body: { query } }).catch(() => {});
  }, [query, saved]);
  return null;
}
