import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerAttentionProvider, registerReportSection } from "@/lib/reports/registry";
import { parseFilters } from "./filters";
import { heatmap, listRisks } from "./queries";
import { getMatrix } from "./settings";

// The register's part of the overview ("needs attention": risks above appetite, reviews overdue) and of
// the executive report (residual heat map, top risks with owner and treatment).

registerAttentionProvider("risks", async ({ cluster, now }) => {
  const sql = sqlOfPg(pool());
  const m = await getMatrix(sql);
  const q = (extra: string) =>
    parseFilters(
      new URLSearchParams(
        `status=open,treating,accepted&pageSize=20${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}&${extra}`,
      ),
    );
  const [above, overdue] = await Promise.all([
    listRisks(sql, m, q("aboveAppetite=1"), now),
    listRisks(sql, m, q("overdue=1"), now),
  ]);
  return [
    ...above.risks.map((r) => ({
      kind: "risk-above-appetite",
      title: r.title,
      detail: `Residual ${r.residual.score} (${r.residual.level}) · owner ${r.ownerName ?? "unassigned"}`,
      href: `/risks/${r.id}`,
      severity: "high" as const,
      at: r.updatedAt,
    })),
    ...overdue.risks.map((r) => ({
      kind: "review-overdue",
      title: `Review overdue: ${r.title}`,
      detail: `Due ${r.reviewDue.slice(0, 10)} · owner ${r.ownerName ?? "unassigned"}`,
      href: `/risks/${r.id}`,
      severity: "medium" as const,
      at: r.reviewDue,
    })),
  ];
});

registerReportSection("risks", async ({ cluster, now }) => {
  const sql = sqlOfPg(pool());
  const m = await getMatrix(sql);
  const [map, top] = await Promise.all([
    heatmap(sql, m, { cluster }),
    listRisks(
      sql,
      m,
      parseFilters(
        new URLSearchParams(
          `status=open,treating,accepted&sort=-residualScore&pageSize=5${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}`,
        ),
      ),
      now,
    ),
  ]);
  return {
    heatMap: map.cells.map((c) => ({ likelihood: c.likelihood, impact: c.impact, count: c.count })),
    topRisks: top.risks.map((r) => ({
      id: r.id,
      title: r.title,
      owner: r.ownerName ?? r.ownerEmail ?? null,
      treatment: r.treatment,
      status: r.status,
      likelihood: r.residual.likelihood,
      impact: r.residual.impact,
      score: r.residual.score,
      level: r.residual.level,
      href: `/risks/${r.id}`,
    })),
  };
});
