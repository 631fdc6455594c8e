import type { ReactNode } from "react";

/** Says which filter a page shows (e.g. opened from a KPI tile), with the way back to everything. */
export function FilterNote({ children, clearHref }: { children: ReactNode; clearHref?: string }) {
  return (
    <p className="filter-note" role="status">
      <strong>Filter on:</strong> {children}
      {clearHref && (
        <>
          {" "}
          ·{" "}
          <a href={clearHref} className="text-link">
            Clear the filter
          </a>
        </>
      )}
    </p>
  );
}
