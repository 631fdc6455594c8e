import type { RejectionSummary } from "@/lib/sources/rejections";

/** A batch's rejected records, grouped by reason, folded under its count. */
export function BatchRejections({ summary }: { summary: RejectionSummary }) {
  const total = summary.groups.reduce((n, g) => n + g.count, 0) + summary.unlisted;
  if (total === 0) return null;
  return (
    <details className="rejections">
      <summary>
        {total} rejected: {summary.groups.length === 1 ? "1 reason" : `${summary.groups.length} reasons`}
      </summary>
      <ul>
        {summary.groups.map((g) => (
          <li key={g.reason}>
            <span className="num">{g.count}×</span> {g.reason}
            {g.where.length > 0 && (
              <span className="muted">
                {" "}
                ({g.where.join(", ")}
                {g.count > g.where.length ? ", …" : ""})
              </span>
            )}
          </li>
        ))}
      </ul>
      {summary.unlisted > 0 && <p className="muted">…and {summary.unlisted} more, not listed here.</p>}
    </details>
  );
}
