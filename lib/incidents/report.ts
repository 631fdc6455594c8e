import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { formatDuration } from "@/lib/kpi/targets";
import { registerAttentionProvider, registerReportSection } from "@/lib/reports/registry";
import { isSeverity } from "@/lib/severity";

// Open incidents for the overview's "needs attention", and the period's incidents for the executive
// report (MTTD = detected − started when the start is observed or estimated), and the summary's lead:
// critical and high incidents that were still not contained when the period ended (or now).

/** What every list below reads of an incident (the cluster by name). */
interface IncidentLine {
  id: string;
  number: number;
  title: string;
  severity: string;
  cluster: string | null;
  detectedAt: Date;
}

registerAttentionProvider("incidents", async ({ cluster }) => {
  const rows = await sqlOfPg(pool()).query<IncidentLine & { status: string }>(
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
    // Its own level on the one scale; a value outside it (never written by Posture) is shown as high.
    severity: isSeverity(r.severity) ? r.severity : "high",
    at: r.detectedAt.toISOString(),
  }));
});

const LEAD_LIMIT = 5;

async function uncontained(cluster: string | null, asOf: Date) {
  return sqlOfPg(pool()).query<IncidentLine & { owner: string | null }>(
    `SELECT i.id, i.number, i.title, i.severity, i.owner, c.name AS cluster, i."detectedAt"
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i.severity IN ('critical', 'high') AND i."detectedAt" < $1
        AND (i."containedAt" IS NULL OR i."containedAt" > $1)
        AND (i."resolvedAt" IS NULL OR i."resolvedAt" > $1)
        AND (i.status IN ('open', 'acknowledged') OR i."resolvedAt" > $1 OR i."containedAt" > $1)
        AND ($2::text IS NULL OR c.name = $2)
      ORDER BY (i.severity = 'critical') DESC, i."detectedAt" ASC`,
    [asOf, cluster],
  );
}

registerReportSection("incidents", async ({ from, to, cluster, now }) => {
  const open = await uncontained(cluster, now);
  const attention = open.slice(0, LEAD_LIMIT).map((r, k) => ({
    kind: "incident-uncontained",
    text: `INC-${r.number} ${r.title} (${r.severity}${r.cluster ? `, ${r.cluster}` : ""}) has been open for ${formatDuration((now.getTime() - r.detectedAt.getTime()) / 1000)} and is not contained; owner: ${r.owner ?? "nobody assigned"}.`,
    href: `/incidents/${r.id}`,
    rank: (r.severity === "critical" ? 0 : 10) + k / 100,
  }));
  if (open.length > LEAD_LIMIT)
    attention.push({
      kind: "incident-uncontained",
      text: `${open.length - LEAD_LIMIT} more critical or high incidents are not contained.`,
      href: `/incidents?status=unresolved`,
      rank: 11,
    });
  const rows = await sqlOfPg(pool()).query<
    IncidentLine & { status: string; mttd: number | null; contain: number | null }
  >(
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
    attention,
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
