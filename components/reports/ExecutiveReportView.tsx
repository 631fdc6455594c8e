import type { ReactNode } from "react";
import { TrendChart } from "@/components/charts/TrendChart";
import { DataTable } from "@/components/ui/DataTable";
import { KpiHelp } from "@/components/ui/KpiHelp";
import type { Kpis } from "@/lib/kpi/compute";
import { formatDuration, formatTarget, formatValue } from "@/lib/kpi/targets";
import type { ExecutiveReport, ReportFigure } from "@/lib/reports/assemble";
import { reportTitle } from "@/lib/reports/title";

// The executive report for a non-technical reader. This one component is the web view, the printed page
// and the PDF (Chromium prints /print/… pages that render it), for live data and frozen snapshots alike.

const STATUS = {
  met: ["On target", "st-met"],
  missed: ["Off target", "st-missed"],
  "no-data": ["No data", "muted"],
  "no-target": ["—", "muted"],
} as const;

function change(f: ReportFigure): string {
  if (f.change === null) return "—";
  if (f.change === 0) return "no change";
  return `${f.change > 0 ? "+" : "−"}${formatValue(Math.abs(f.change), f.unit)}`;
}

/** Mean and 90th percentile beside a median duration, so one label always means one statistic. */
function durationDetail(kpis: Kpis, key: string): string | null {
  const [group, stat] = key.split(".");
  if (stat !== "medianSeconds") return null;
  const d = (
    kpis as unknown as Record<string, { meanSeconds?: number | null; p90Seconds?: number | null; n?: number }>
  )[group];
  if (!d || d.meanSeconds == null) return null;
  const p90 = d.p90Seconds == null ? "" : ` · p90 ${formatDuration(d.p90Seconds)}`;
  return `mean ${formatDuration(d.meanSeconds)}${p90}${d.n ? ` · n = ${d.n}` : ""}`;
}

const STATUS_NAMES: Record<string, string> = { open: "open", treating: "in treatment", accepted: "accepted" };

function heatCaption(r: ExecutiveReport): string {
  const counts = r.riskCounts ?? {};
  const total = r.heatMap.reduce((s, c) => s + c.count, 0);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${STATUS_NAMES[k] ?? k}`);
  return `${total} risk${total === 1 ? "" : "s"} not closed${parts.length ? ` (${parts.join(", ")})` : ""}, by residual likelihood (rows) and impact (columns), coloured by the configured risk matrix.`;
}

/** Renders a link to the web view: relative on screen, absolute (the public URL) in the PDF. */
export function ExecutiveReportView({
  report: r,
  links = true,
  baseUrl = "",
  frozen,
  print = false,
}: {
  report: ExecutiveReport;
  /** Frozen copies on screen link nowhere (their records may have changed since). */
  links?: boolean;
  baseUrl?: string;
  frozen?: { at: string; sha256: string };
  print?: boolean;
}) {
  const heat = new Map(r.heatMap.map((c) => [`${c.likelihood}x${c.impact}`, c]));
  const a = (href: string, children: ReactNode) =>
    links ? <a href={`${baseUrl}${href}`}>{children}</a> : children;
  const series = (k: string) => r.trends.series[k] ?? [];
  return (
    <div className={`report-page${print ? " report-print" : ""}`}>
      <header className="report-cover">
        {r.demo && (
          <p className="demo-mark" role="note">
            DEMO DATA — invented figures for demonstration, not a real organisation's posture
          </p>
        )}
        {r.organisation ? (
          <p className="report-org">{r.organisation}</p>
        ) : (
          !print && (
            <p className="small muted no-print">
              No organisation name is set for the cover: an admin sets it under Admin → Organisation.
            </p>
          )
        )}
        {print && <h1>{reportTitle(r)}</h1>}
        <p className="report-meta">
          Period {r.period.from.slice(0, 10)} to {r.period.to.slice(0, 10)} (UTC, end exclusive) ·{" "}
          {r.cluster ? `cluster ${r.cluster}` : "all clusters"} · compared with {r.previous.label} · generated{" "}
          {r.generatedAt.slice(0, 16).replace("T", " ")} UTC
          {frozen && (
            <>
              {" "}
              · frozen {frozen.at.slice(0, 16).replace("T", " ")} UTC · data SHA-256{" "}
              <code className="sha">{frozen.sha256}</code>
            </>
          )}
        </p>
      </header>

      <section className="card report-section" aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        {r.attention && (
          <>
            <h3>Needs a decision or attention</h3>
            {r.attention.length === 0 ? (
              <p className="muted">
                No critical or high incident is uncontained, no risk is above appetite and no acceptance
                expires in the period.
              </p>
            ) : (
              <ul className="report-summary">
                {r.attention.map((s) => (
                  <li key={s.text} className={s.tone}>
                    {a(s.href, s.text)}
                  </li>
                ))}
              </ul>
            )}
            <h3>How the figures moved</h3>
          </>
        )}
        <ul className="report-summary">
          {r.summary.map((s) => (
            <li key={s.text} className={s.tone}>
              {a(s.href, s.text)}
            </li>
          ))}
        </ul>
      </section>

      <section className="card report-section" aria-labelledby="kpis">
        <h2 id="kpis">Key figures against targets</h2>
        <div className="table-wrap">
          <table className="report-kpis">
            <thead>
              <tr>
                <th scope="col">KPI</th>
                <th scope="col" className="num">
                  This period
                </th>
                <th scope="col" className="num">
                  Previous
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {r.figures.map((f) => {
                const detail = durationDetail(r.kpis.current, f.key);
                return (
                  <tr key={f.key}>
                    <th scope="row" className="kpi-name">
                      {a(f.href, f.label)}
                      {!print && <KpiHelp metric={f.key} />}
                      <div className="small muted">{f.plain}</div>
                    </th>
                    <td className="num">
                      {formatValue(f.current, f.unit)}
                      {detail && <div className="small muted">{detail}</div>}
                    </td>
                    <td className="num">{formatValue(f.previous, f.unit)}</td>
                    <td className="num">{change(f)}</td>
                    <td className="num">{f.target ? formatTarget(f.target, f.unit) : "—"}</td>
                    <td className={STATUS[f.status][1]}>{STATUS[f.status][0]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card report-section" aria-labelledby="trends-h">
        <h2 id="trends-h">Trends, per day</h2>
        <div className="grid grid-2 report-charts">
          <TrendChart
            title="Certificates renewed on schedule (%)"
            days={r.trends.days}
            unit="percent"
            yMax={100}
            lines={[
              {
                name: "Rotation on schedule",
                color: "#1d4ed8",
                values: series("rotationOnSchedule.percent"),
              },
            ]}
          />
          <TrendChart
            title="mTLS coverage (%)"
            days={r.trends.days}
            unit="percent"
            yMax={100}
            lines={[
              { name: "All traffic", color: "#047857", values: series("mtlsCoverage.percent") },
              {
                name: "Cross-cluster",
                color: "#b45309",
                values: series("mtlsCoverage.crossClusterPercent"),
                dash: "6 3",
              },
            ]}
          />
          <TrendChart
            title="Incident response, median of the incidents detected that day"
            days={r.trends.days}
            unit="seconds"
            lines={[
              { name: "Time to detect", color: "#7c3aed", values: series("mttd.medianSeconds") },
              {
                name: "Time to contain",
                color: "#be123c",
                values: series("timeToContainment.medianSeconds"),
                dash: "6 3",
              },
            ]}
          />
        </div>
      </section>

      <div className="grid grid-2 report-pair">
        <section className="card report-section report-heat" aria-labelledby="heat-h">
          <h2 id="heat-h">Risk heat map</h2>
          <p className="small muted heat-caption">{heatCaption(r)}</p>
          <table className="heatmap">
            <caption className="sr-only">Number of risks for each residual likelihood and impact</caption>
            <thead>
              <tr>
                <td />
                {[1, 2, 3, 4, 5].map((i) => (
                  <th key={i} scope="col">
                    <abbr title={`Impact ${i}`}>I{i}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[5, 4, 3, 2, 1].map((l) => (
                <tr key={l}>
                  <th scope="row">
                    <abbr title={`Likelihood ${l}`}>L{l}</abbr>
                  </th>
                  {[1, 2, 3, 4, 5].map((i) => {
                    const c = heat.get(`${l}x${i}`);
                    return (
                      <td
                        key={i}
                        style={{ background: c?.color ?? "#eef1f5" }}
                        title={c?.level ? `L${l} × I${i}: ${c.level}` : undefined}
                      >
                        {c?.count ? c.count : <span className="sr-only">0</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {r.riskLevels && r.riskLevels.length > 0 && (
            <ul className="heat-legend">
              {r.riskLevels.map((l) => (
                <li key={l.key}>
                  <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                  {l.name}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card report-section" aria-labelledby="risks-h">
          <h2 id="risks-h">Top risks</h2>
          <DataTable
            caption="Top risks"
            captionHidden
            className="report-top-risks"
            rows={r.topRisks}
            rowKey={(k) => k.id}
            empty="No risk is open in the register."
            columns={[
              { key: "risk", header: "Risk", className: "risk-title", cell: (k) => a(k.href, k.title) },
              { key: "owner", header: "Owner", cell: (k) => k.owner ?? "—" },
              { key: "treatment", header: "Treatment", cell: (k) => k.treatment ?? "—" },
              {
                key: "score",
                header: "Residual score",
                numeric: true,
                cell: (k) => (
                  <>
                    {k.score} <span className="small muted">({k.level})</span>
                  </>
                ),
              },
            ]}
          />
        </section>
      </div>

      <section className="card report-section" aria-labelledby="inc-h">
        <h2 id="inc-h">Incidents of the period</h2>
        <DataTable
          caption="Incidents of the period"
          captionHidden
          rows={r.incidents}
          rowKey={(i) => i.id}
          empty="No incidents were detected in this period."
          columns={[
            { key: "title", header: "Incident", cell: (i) => a(i.href, i.title) },
            { key: "severity", header: "Severity", cell: (i) => i.severity },
            { key: "cluster", header: "Cluster", cell: (i) => i.cluster ?? "—" },
            {
              key: "detected",
              header: "Detected (UTC)",
              className: "small nowrap",
              cell: (i) => i.detectedAt.slice(0, 16).replace("T", " "),
            },
            {
              key: "ttd",
              header: "Time to detect",
              numeric: true,
              cell: (i) => (i.mttdSeconds === null ? "—" : formatDuration(i.mttdSeconds)),
            },
            {
              key: "ttc",
              header: "Time to contain",
              numeric: true,
              cell: (i) =>
                i.containmentSeconds === null ? "not contained" : formatDuration(i.containmentSeconds),
            },
          ]}
        />
      </section>
    </div>
  );
}
