// CSV of every figure of an executive report (pure): headline KPIs with targets, every numeric field of
// the KPI body for both periods, the daily trend values, top risks and incidents. One table, with a
// `section` column, so a spreadsheet filter separates them.
import { stringify } from "csv-stringify/sync";
import { flattenFigures } from "@/lib/kpi/targets";
import type { ExecutiveReport } from "./assemble";

const HEADER = [
  "section",
  "key",
  "label",
  "unit",
  "period",
  "previous",
  "change",
  "target",
  "status",
  "detail",
];

const n = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function reportCsv(r: ExecutiveReport): string {
  const rows: string[][] = [HEADER];
  const scope = `${r.period.key}${r.cluster ? ` cluster=${r.cluster}` : ""}`;
  rows.push([
    "report",
    "period",
    r.period.label,
    "",
    r.period.from,
    r.previous.from,
    "",
    "",
    "",
    `${scope}; to ${r.period.to}; previous ${r.previous.key}; generated ${r.generatedAt}`,
  ]);
  for (const f of r.figures) {
    rows.push([
      "kpi",
      f.key,
      f.label,
      f.unit,
      n(f.current),
      n(f.previous),
      n(f.change),
      f.target ? `${f.target.comparator}${f.target.value}` : "",
      f.status,
      "",
    ]);
  }
  const cur = flattenFigures(r.kpis.current);
  const prev = flattenFigures(r.kpis.previous);
  for (const key of Object.keys(cur)) {
    const a = cur[key];
    const b = prev[key] ?? null;
    rows.push(["figure", key, "", "", n(a), n(b), a !== null && b !== null ? String(a - b) : "", "", "", ""]);
  }
  for (const [key, values] of Object.entries(r.trends.series)) {
    r.trends.days.forEach((day, i) => {
      rows.push(["trend", key, day, "", n(values[i]), "", "", "", "", ""]);
    });
  }
  for (const c of r.heatMap)
    rows.push(["heatmap", `L${c.likelihood}xI${c.impact}`, "", "count", String(c.count), "", "", "", "", ""]);
  for (const k of r.topRisks) {
    rows.push([
      "risk",
      k.id,
      k.title,
      "score",
      String(k.score),
      "",
      "",
      "",
      k.level,
      `owner=${k.owner ?? ""}; treatment=${k.treatment ?? ""}; status=${k.status}`,
    ]);
  }
  for (const i of r.incidents) {
    rows.push([
      "incident",
      i.id,
      i.title,
      "seconds",
      n(i.mttdSeconds),
      "",
      "",
      "",
      i.status,
      `containment=${n(i.containmentSeconds)}; severity=${i.severity}; cluster=${i.cluster ?? ""}; detected=${i.detectedAt}`,
    ]);
  }
  r.summary.forEach((s, i) => {
    rows.push(["summary", String(i + 1), s.text, "", "", "", "", "", s.tone, s.href]);
  });
  return stringify(rows);
}
