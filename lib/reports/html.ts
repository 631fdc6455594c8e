// The executive report as one self-contained HTML document (pure): printed to PDF by Chromium
// (lib/reports/pdf.ts). Same content as the page: figures, summary, trends, heat map, risks, incidents.
import { formatDuration, formatTarget, formatValue } from "@/lib/kpi/targets";
import type { ExecutiveReport } from "./assemble";
import { esc, lineChartSvg } from "./svg";

const STATUS_TEXT = {
  met: "On target",
  missed: "Off target",
  "no-data": "No data",
  "no-target": "—",
} as const;

export function heatColour(l: number, i: number): string {
  const s = l * i;
  return s >= 15 ? "#f8b4b4" : s >= 8 ? "#fcd9a8" : s >= 4 ? "#fdf1b8" : "#d1f0dd";
}

export function reportTitle(r: ExecutiveReport): string {
  return `Security posture report — ${r.period.label}${r.cluster ? ` — ${r.cluster}` : ""}`;
}

export function reportHtml(
  r: ExecutiveReport,
  opts: { frozen?: { at: string; sha256: string } } = {},
): string {
  const figs = r.figures
    .map((f) => {
      const change =
        f.change === null
          ? "—"
          : `${f.change > 0 ? "+" : f.change < 0 ? "−" : "±"}${formatValue(Math.abs(f.change), f.unit)}`;
      return `<tr><td>${esc(f.label)}</td><td class="num">${esc(formatValue(f.current, f.unit))}</td><td class="num">${esc(formatValue(f.previous, f.unit))}</td><td class="num">${esc(change)}</td><td class="num">${esc(f.target ? formatTarget(f.target, f.unit) : "—")}</td><td class="st ${f.status}">${STATUS_TEXT[f.status]}</td></tr>`;
    })
    .join("");
  const summary = r.summary.map((s) => `<li class="${s.tone}">${esc(s.text)}</li>`).join("");
  const t = r.trends;
  const certChart = lineChartSvg({
    title: "Certificates renewed on schedule, per day (%)",
    days: t.days,
    unit: "%",
    yMax: 100,
    series: [
      {
        name: "Rotation on schedule",
        color: "#1d4ed8",
        values: t.series["rotationOnSchedule.percent"] ?? [],
      },
    ],
  });
  const mtlsChart = lineChartSvg({
    title: "mTLS coverage, per day (%)",
    days: t.days,
    unit: "%",
    yMax: 100,
    series: [
      { name: "All traffic", color: "#047857", values: t.series["mtlsCoverage.percent"] ?? [] },
      { name: "Cross-cluster", color: "#b45309", values: t.series["mtlsCoverage.crossClusterPercent"] ?? [] },
    ],
  });
  const heat = new Map(r.heatMap.map((c) => [`${c.likelihood}x${c.impact}`, c.count]));
  let heatRows = "";
  for (let l = 5; l >= 1; l--) {
    heatRows += `<tr><th scope="row">L${l}</th>`;
    for (let i = 1; i <= 5; i++)
      heatRows += `<td style="background:${heatColour(l, i)}" class="num">${heat.get(`${l}x${i}`) ?? ""}</td>`;
    heatRows += "</tr>";
  }
  const risks = r.topRisks.length
    ? r.topRisks
        .map(
          (k) =>
            `<tr><td>${esc(k.title)}</td><td>${esc(k.owner ?? "—")}</td><td>${esc(k.treatment ?? "—")}</td><td class="num">${k.score} (${esc(k.level)})</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="4" class="muted">No open risks recorded.</td></tr>`;
  const incidents = r.incidents.length
    ? r.incidents
        .map(
          (i) =>
            `<tr><td>${esc(i.title)}</td><td>${esc(i.cluster ?? "—")}</td><td>${esc(i.detectedAt.slice(0, 16).replace("T", " "))}</td><td class="num">${i.mttdSeconds === null ? "—" : formatDuration(i.mttdSeconds)}</td><td class="num">${i.containmentSeconds === null ? "not contained" : formatDuration(i.containmentSeconds)}</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="5" class="muted">No incidents recorded for the period.</td></tr>`;
  const frozen = opts.frozen
    ? `<p class="muted">Frozen ${esc(opts.frozen.at)} · data SHA-256 ${esc(opts.frozen.sha256)}</p>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(reportTitle(r))}</title><style>
@page { size: A4; margin: 16mm 14mm; }
body { font: 11px/1.45 "DejaVu Sans", Arial, sans-serif; color: #111827; margin: 0; }
h1 { font-size: 20px; margin: 0 0 2px; } h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #e3e6eb; padding-bottom: 3px; }
.muted { color: #5b6472; } table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e6eb; }
th { font-size: 10px; text-transform: uppercase; color: #5b6472; } .num { text-align: right; }
.st.met { color: #047857; font-weight: bold; } .st.missed { color: #b91c1c; font-weight: bold; }
ul.summary li { margin-bottom: 4px; } ul.summary li.bad { color: #991b1b; } ul.summary li.good { color: #065f46; }
figure { margin: 0; } figcaption { font-weight: bold; margin-bottom: 2px; } .charts { display: flex; flex-direction: column; gap: 8px; } section { break-inside: avoid; }
table.heat { width: auto; } table.heat td { width: 44px; height: 26px; text-align: center; border: 1px solid #fff; }
</style></head><body>
<h1>${esc(reportTitle(r))}</h1>
<p class="muted">${esc(r.period.from.slice(0, 10))} to ${esc(r.period.to.slice(0, 10))} (UTC, end exclusive), compared with ${esc(r.previous.label)}. Generated ${esc(r.generatedAt.slice(0, 16).replace("T", " "))} UTC.</p>${frozen}
<section><h2>Summary</h2><ul class="summary">${summary}</ul></section>
<section><h2>Key figures against targets</h2><table><thead><tr><th>KPI</th><th class="num">This period</th><th class="num">Previous</th><th class="num">Change</th><th class="num">Target</th><th>Status</th></tr></thead><tbody>${figs}</tbody></table></section>
<section><h2>Trends</h2><div class="charts"><figure><figcaption>Certificates renewed on schedule, per day</figcaption>${certChart}</figure><figure><figcaption>mTLS coverage, per day: all traffic and cross-cluster</figcaption>${mtlsChart}</figure></div></section>
<section><h2>Risk heat map (residual, open risks)</h2><table class="heat"><thead><tr><th></th>${[1, 2, 3, 4, 5].map((i) => `<th>I${i}</th>`).join("")}</tr></thead><tbody>${heatRows}</tbody></table><p class="muted">L = likelihood, I = impact (1–5).</p></section>
<section><h2>Top risks</h2><table><thead><tr><th>Risk</th><th>Owner</th><th>Treatment</th><th class="num">Score</th></tr></thead><tbody>${risks}</tbody></table></section>
<section><h2>Incidents of the period</h2><table><thead><tr><th>Incident</th><th>Cluster</th><th>Detected (UTC)</th><th class="num">Time to detect</th><th class="num">Time to contain</th></tr></thead><tbody>${incidents}</tbody></table></section>
</body></html>`;
}
