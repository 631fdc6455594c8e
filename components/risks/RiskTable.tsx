import Link from "next/link";
import type { RiskBody } from "@/lib/risks/mutations/revisions";
import { LevelBadge, StatusBadge } from "./LevelBadge";

const COLS: { key: string; label: string; num?: boolean }[] = [
  { key: "title", label: "Risk" },
  { key: "owner", label: "Owner" },
  { key: "inherentScore", label: "Inherent" },
  { key: "residualScore", label: "Residual" },
  { key: "targetScore", label: "Target" },
  { key: "status", label: "Status" },
  { key: "reviewDue", label: "Review due" },
];

export function RiskTable({
  risks,
  sort,
  desc,
  sortHref,
}: {
  risks: RiskBody[];
  sort: string;
  desc: boolean;
  sortHref: (key: string, desc: boolean) => string;
}) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {COLS.map((c) => {
              const active = sort === c.key;
              return (
                <th key={c.key} aria-sort={active ? (desc ? "descending" : "ascending") : undefined}>
                  <Link href={sortHref(c.key, active ? !desc : c.key.endsWith("Score"))}>
                    {c.label}
                    {active ? (desc ? " ↓" : " ↑") : ""}
                  </Link>
                </th>
              );
            })}
            <th>Clusters</th>
          </tr>
        </thead>
        <tbody>
          {risks.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/risks/${r.id}`}>{r.title}</Link>
                {r.category && <div className="small muted">{r.category}</div>}
                {r.aboveAppetite && r.status !== "closed" && (
                  <span className="badge bad">above appetite</span>
                )}{" "}
                {r.acceptance?.state === "pending" && <span className="badge warn">acceptance pending</span>}
              </td>
              <td>{r.ownerName ?? "—"}</td>
              <td>
                <LevelBadge s={r.inherent} />
              </td>
              <td>
                <LevelBadge s={r.residual} />
              </td>
              <td>
                <LevelBadge s={r.target} />
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="small">
                {r.reviewDue.slice(0, 10)} {r.reviewOverdue && <span className="badge bad">overdue</span>}
              </td>
              <td className="small">{r.clusters.join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
