import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerAttentionProvider, registerReportSection } from "@/lib/reports/registry";

// Open incidents for the overview's "needs attention", and the period's incidents for the executive
// report (the incident clock: MTTD = detected − started when the start is observed or estimated).

const SEVERITY: Record<string, "critical" | "high" | "medium" | "low"> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
};

registerAttentionProvider("incidents", async ({ cluster }) => {
  const rows = await sqlOfPg(pool()).query<{
    id: string;
    number: number;
    title: string;
    severity: string;
    status: string;
    detectedAt: Date;
    cluster: string | null;
  }>(
    `SELECT i.id, i.number, i.title, i.severity, i.status, i."detectedAt", c.name AS cluster
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i.status IN ('open', 'acknowledged') AND ($1::text IS NULL OR c.name = $1)
      ORDER BY i."detectedAt" DESC LIMIT 20`,
    [cluster],
  );
  return rows.map((r) => ({
    kind: "incident",
    title: `INC-${r.number} ${r.title}`,
    detail: `${r.status}${r.cluster ? ` · ${r.cluster}` : ""}`,
    href: `/incidents/${r.id}`,
    severity: SEVERITY[r.severity] ?? "high",
    at: r.detectedAt.toISOString(),
  }));
});

registerReportSection("incidents", async ({ from, to, cluster }) => {
  const rows = await sqlOfPg(pool()).query<{
    id: string;
    number: number;
    title: string;
    severity: string;
    status: string;
    cluster: string | null;
    detectedAt: Date;
    mttd: number | null;
    contain: number | null;
  }>(
    `SELECT i.id, i.number, i.title, i.severity, i.status, c.name AS cluster, i."detectedAt",
            CASE WHEN i."startedConfidence" IN ('observed', 'estimated') AND i."startedAt" IS NOT NULL
                 THEN extract(epoch FROM i."detectedAt" - i."startedAt")::float8 END AS mttd,
            extract(epoch FROM i."containedAt" - i."detectedAt")::float8 AS contain
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i."detectedAt" >= $1 AND i."detectedAt" < $2 AND ($3::text IS NULL OR c.name = $3)
      ORDER BY i."detectedAt"`,
    [from, to, cluster],
  );
  return {
    incidents: rows.map((r) => ({
      id: r.id,
      title: `INC-${r.number} ${r.title}`,
      severity: r.severity,
      cluster: r.cluster,
      detectedAt: r.detectedAt.toISOString(),
      mttdSeconds: r.mttd,
      containmentSeconds: r.contain,
      status: r.status,
      href: `/incidents/${r.id}`,
    })),
  };
});
