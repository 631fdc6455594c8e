import type { ReactNode } from "react";

export type Column<T> = {
  /** Unique within the table (React key). */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Extra class on every cell of the column (e.g. "mono small"). */
  className?: string;
};

/**
 * The table every list page uses: column headers with `scope="col"`, a caption (visible, or for screen
 * readers only), the empty-state text when there are no rows, and its own horizontal scroll box so a wide
 * table never makes the page scroll sideways on a phone (globals.css: `.table-wrap`). The scroll box is
 * focusable and named, so keyboard users can scroll it too (axe `scrollable-region-focusable`).
 * A server component: column `cell` functions run on the server.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  captionHidden = false,
  empty = "Nothing to show.",
  className,
  rowClassName,
}: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** Names the table and its scroll box. */
  caption: string;
  captionHidden?: boolean;
  /** Shown instead of the table when `rows` is empty. */
  empty?: ReactNode;
  className?: string;
  /** A class per row (e.g. dimmed rows). */
  rowClassName?: (row: T) => string | undefined;
}) {
  if (rows.length === 0) return <p className="muted table-empty">{empty}</p>;
  const cls = (c: Column<T>) => [c.numeric ? "num" : "", c.className ?? ""].join(" ").trim() || undefined;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" aria-label={caption} tabIndex={0}>
      <table className={className}>
        <caption className={captionHidden ? "sr-only" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKey(r, i)} className={rowClassName?.(r)}>
              {columns.map((c) => (
                <td key={c.key} className={cls(c)}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
