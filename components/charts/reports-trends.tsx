"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TrendLine {
  key: string;
  name: string;
  color: string;
}

/** Daily KPI values from snapshots; gaps (no snapshot) stay gaps. The numbers are also in a hidden table. */
export function ReportTrendChart({
  title,
  days,
  lines,
  series,
  unit,
  yMax,
  printSvg,
}: {
  title: string;
  days: string[];
  lines: TrendLine[];
  series: Record<string, (number | null)[]>;
  unit: string;
  yMax?: number;
  /** The same chart as static SVG (lib/reports/svg.ts), shown when printing. */
  printSvg?: string;
}) {
  const data = days.map((day, i) => {
    const row: Record<string, string | number | null> = { day: day.slice(5) };
    for (const l of lines) row[l.key] = series[l.key]?.[i] ?? null;
    return row;
  });
  const has = lines.some((l) => (series[l.key] ?? []).some((v) => v !== null));
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 4 }}>
        {title}
      </figcaption>
      {printSvg && (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: built by lineChartSvg, which escapes every text it writes
        <div className="print-only" aria-hidden="true" dangerouslySetInnerHTML={{ __html: printSvg }} />
      )}
      <div
        className="chart-box screen-only"
        role="img"
        aria-label={`${title}: line chart of daily values; the table below lists them`}
      >
        {has ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#e3e6eb" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis domain={[0, yMax ?? "auto"]} tick={{ fontSize: 11 }} unit={unit} width={52} />
              <Tooltip
                formatter={(v) =>
                  v === null || v === undefined ? "no data" : `${Number(v).toFixed(1)}${unit}`
                }
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {lines.map((l) => (
                <Line
                  key={l.key}
                  type="monotone"
                  dataKey={l.key}
                  name={l.name}
                  stroke={l.color}
                  strokeWidth={2}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="muted small" style={{ paddingTop: 90, textAlign: "center" }}>
            No daily figures for this period yet: the KPI history has no values for these days.
          </p>
        )}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {lines.map((l) => (
              <th key={l.key} scope="col">
                {l.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d, i) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {lines.map((l) => {
                const v = series[l.key]?.[i];
                return (
                  <td key={l.key}>{v === null || v === undefined ? "no data" : `${v.toFixed(1)}${unit}`}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
