import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerAttentionProvider, registerReportSection } from "@/lib/reports/registry";
import { parseFilters } from "./filters";
import { heatmap, listRisks, riskCounts } from "./queries";
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

const DAY = 86_400_000;

registerReportSection("risks", async ({ from, to, cluster, now }) => {
  const sql = sqlOfPg(pool());
  const m = await getMatrix(sql);
  const scoped = (extra: string) =>
    parseFilters(
      new URLSearchParams(
        `status=open,treating,accepted&sort=-residualScore&${extra}${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}`,
      ),
    );
  // Acceptances that lapse within the period; for a period that is still running, within 30 days from now.
  const expiryEnd = new Date(Math.max(to.getTime(), now.getTime() + 30 * DAY));
  const [map, top, above, counts, expiring] = await Promise.all([
    heatmap(sql, m, { cluster }),
    listRisks(sql, m, scoped("pageSize=5"), now),
    listRisks(sql, m, scoped("aboveAppetite=1&pageSize=3"), now),
    riskCounts(sql, m, { asOf: null, cluster, now }),
    sql.query<{ id: string; title: string; expires: Date; owner: string | null }>(
      `SELECT r.id, r.title, r."acceptanceExpiresAt" AS expires, u.name AS owner
         FROM risk r LEFT JOIN "user" u ON u.id = r."ownerId"
        WHERE r.status <> 'closed' AND r."acceptanceState" = 'approved'
          AND r."acceptanceExpiresAt" >= $1 AND r."acceptanceExpiresAt" < $2
          AND ($3::text IS NULL OR $3 = ANY(r.clusters))
        ORDER BY r."acceptanceExpiresAt" LIMIT 5`,
      [from, expiryEnd, cluster],
    ),
  ]);
  const appetite = m.levels.find((l) => l.key === m.appetite)?.name ?? m.appetite;
  const attention = above.risks.map((r, k) => ({
    kind: "risk-above-appetite",
    text: `Risk “${r.title}” is above appetite (residual ${r.residual.score}, ${r.residual.levelName}; appetite ${appetite}); owner: ${r.ownerName ?? r.ownerEmail ?? "nobody assigned"}.`,
    href: `/risks/${r.id}`,
    rank: 20 + k / 100,
  }));
  if (above.total > above.risks.length)
    attention.push({
      kind: "risk-above-appetite",
      text: `${above.total - above.risks.length} more risks are above appetite.`,
      href: `/risks?aboveAppetite=1`,
      rank: 21,
    });
  for (const [k, e] of expiring.entries())
    attention.push({
      kind: "acceptance-expiring",
      text: `The acceptance of risk “${e.title}” ${e.expires < now ? "expired" : "expires"} on ${e.expires.toISOString().slice(0, 10)}; owner: ${e.owner ?? "nobody assigned"}.`,
      href: `/risks/${e.id}`,
      rank: 30 + k / 100,
    });
  return {
    attention,
    heatMap: map.cells.map((c) => ({
      likelihood: c.likelihood,
      impact: c.impact,
      count: c.count,
      level: c.level,
      color: c.color,
    })),
    riskLevels: m.levels.map((l) => ({ key: l.key, name: l.name, color: l.color })),
    riskCounts: counts.byStatus,
    topRisks: top.risks.map((r) => ({
      id: r.id,
      title: r.title,
      owner: r.ownerName ?? r.ownerEmail ?? null,
      treatment: r.treatment,
      status: r.status,
      likelihood: r.residual.likelihood,
      impact: r.residual.impact,
      score: r.residual.score,
      level: r.residual.levelName,
      href: `/risks/${r.id}`,
    })),
  };
});
