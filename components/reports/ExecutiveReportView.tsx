import Link from "next/link";
import { ReportTrendChart } from "@/components/charts/reports-trends";
import { formatDuration, formatTarget, formatValue } from "@/lib/kpi/targets";
import type { ExecutiveReport } from "@/lib/reports/assemble";
import { heatColour } from "@/lib/reports/html";
import { lineChartSvg } from "@/lib/reports/svg";

const STATUS = {
  met: ["On target", "st-met"],
  missed: ["Off target", "st-missed"],
  "no-data": ["No data", "muted"],
  "no-target": ["—", "muted"],
} as const;

function change(f: ExecutiveReport["figures"][number]): string {
  if (f.change === null) return "—";
  if (f.change === 0) return "no change";
  return `${f.change > 0 ? "+" : "−"}${formatValue(Math.abs(f.change), f.unit)}`;
}

/** The report for a non-technical reader; renders live data and frozen snapshots alike. */
export function ExecutiveReportView({
  report: r,
  links = true,
}: {
  report: ExecutiveReport;
  links?: boolean;
}) {
  const heat = new Map(r.heatMap.map((c) => [`${c.likelihood}x${c.impact}`, c.count]));
  const href = (h: string) => (links ? h : undefined);
  return (
    <div className="stack report-page">
      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <p className="small muted" style={{ marginTop: -6 }}>
          {r.period.from.slice(0, 10)} to {r.period.to.slice(0, 10)} (UTC, end exclusive)
          {r.cluster ? `, cluster ${r.cluster}` : ", all clusters"}, compared with {r.previous.label}. Each
          sentence links to its evidence.
        </p>
        <ul className="report-summary">
          {r.summary.map((s) => (
            <li key={s.text} className={s.tone}>
              {href(s.href) ? (
                <Link href={s.href} style={{ color: "inherit", textDecoration: "underline" }}>
                  {s.text}
                </Link>
              ) : (
                s.text
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="kpis">
        <h2 id="kpis">Key figures against targets</h2>
        <div className="table-wrap">
          <table>
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
              {r.figures.map((f) => (
                <tr key={f.key}>
                  <th
                    scope="row"
                    style={{
                      textTransform: "none",
                      fontSize: 14,
                      color: "var(--ink)",
                      background: "none",
                      fontWeight: 500,
                    }}
                  >
                    {links ? (
                      <Link href={`${f.href}?period=${encodeURIComponent(r.period.key)}`}>{f.label}</Link>
                    ) : (
                      f.label
                    )}
                    <div className="small muted">{f.plain}</div>
                  </th>
                  <td className="num">{formatValue(f.current, f.unit)}</td>
                  <td className="num">{formatValue(f.previous, f.unit)}</td>
                  <td className="num">{change(f)}</td>
                  <td className="num">{f.target ? formatTarget(f.target, f.unit) : "—"}</td>
                  <td className={STATUS[f.status][1]}>{STATUS[f.status][0]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="trends-h">
        <h2 id="trends-h">Certificate and mTLS trends</h2>
        <div className="grid grid-2">
          <ReportTrendChart
            title="Certificates renewed on schedule, per day (%)"
            days={r.trends.days}
            unit="%"
            yMax={100}
            series={r.trends.series}
            lines={[{ key: "rotationOnSchedule.percent", name: "Rotation on schedule", color: "#1d4ed8" }]}
            printSvg={lineChartSvg({
              title: "Certificates renewed on schedule, per day (%)",
              days: r.trends.days,
              unit: "%",
              yMax: 100,
              series: [
                {
                  name: "Rotation on schedule",
                  color: "#1d4ed8",
                  values: r.trends.series["rotationOnSchedule.percent"] ?? [],
                },
              ],
            })}
          />
          <ReportTrendChart
            title="mTLS coverage, per day (%)"
            days={r.trends.days}
            unit="%"
            yMax={100}
            series={r.trends.series}
            lines={[
              { key: "mtlsCoverage.percent", name: "All traffic", color: "#047857" },
              { key: "mtlsCoverage.crossClusterPercent", name: "Cross-cluster", color: "#b45309" },
            ]}
            printSvg={lineChartSvg({
              title: "mTLS coverage, per day (%)",
              days: r.trends.days,
              unit: "%",
              yMax: 100,
              series: [
                {
                  name: "All traffic",
                  color: "#047857",
                  values: r.trends.series["mtlsCoverage.percent"] ?? [],
                },
                {
                  name: "Cross-cluster",
                  color: "#b45309",
                  values: r.trends.series["mtlsCoverage.crossClusterPercent"] ?? [],
                },
              ],
            })}
          />
        </div>
      </section>

      <div className="grid grid-2">
        <section className="card" aria-labelledby="heat-h">
          <h2 id="heat-h">Risk heat map</h2>
          <p className="small muted" style={{ marginTop: -6 }}>
            Open risks by residual likelihood (rows) and impact (columns), 1–5.
          </p>
          <table className="heatmap">
            <caption className="sr-only">Number of open risks for each likelihood and impact</caption>
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
                  {[1, 2, 3, 4, 5].map((i) => (
                    <td key={i} style={{ background: heatColour(l, i) }}>
                      {heat.get(`${l}x${i}`) ?? <span className="sr-only">0</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="risks-h">
          <h2 id="risks-h">Top risks</h2>
          {r.topRisks.length === 0 ? (
            <p className="muted">No open risks recorded in the register.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Treatment</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.topRisks.map((k) => (
                  <tr key={k.id}>
                    <td>{links ? <Link href={k.href}>{k.title}</Link> : k.title}</td>
                    <td>{k.owner ?? "—"}</td>
                    <td>{k.treatment ?? "—"}</td>
                    <td className="num">
                      {k.score} <span className="small muted">({k.level})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="inc-h">
        <h2 id="inc-h">Incidents of the period</h2>
        {r.incidents.length === 0 ? (
          <p className="muted">
            {r.kpis.current.mttd.n + (r.kpis.current.mttd.excluded ?? 0) === 0
              ? "No incidents were detected in this period."
              : `${r.kpis.current.mttd.n + (r.kpis.current.mttd.excluded ?? 0)} incident(s) detected; median time to detect ${r.kpis.current.mttd.medianSeconds === null ? "—" : formatDuration(r.kpis.current.mttd.medianSeconds)}, median time to contain ${r.kpis.current.timeToContainment.medianSeconds === null ? "—" : formatDuration(r.kpis.current.timeToContainment.medianSeconds)}.`}
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Cluster</th>
                  <th scope="col">Detected (UTC)</th>
                  <th scope="col" className="num">
                    Time to detect
                  </th>
                  <th scope="col" className="num">
                    Time to contain
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.incidents.map((i) => (
                  <tr key={i.id}>
                    <td>{links ? <Link href={i.href}>{i.title}</Link> : i.title}</td>
                    <td>{i.severity}</td>
                    <td>{i.cluster ?? "—"}</td>
                    <td className="small">{i.detectedAt.slice(0, 16).replace("T", " ")}</td>
                    <td className="num">{i.mttdSeconds === null ? "—" : formatDuration(i.mttdSeconds)}</td>
                    <td className="num">
                      {i.containmentSeconds === null ? "not contained" : formatDuration(i.containmentSeconds)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
