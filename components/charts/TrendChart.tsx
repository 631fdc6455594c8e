"use client";

import { useId, useState } from "react";
import { niceTicks, pathThrough, shapeOf } from "@/lib/charts/segments";
import { formatValue, type Unit } from "@/lib/kpi/targets";

export interface TrendLine {
  name: string;
  color: string;
  /** One value per day (null = nothing measured that day). */
  values: (number | null)[];
  /** Dash pattern for a second line, so lines differ without colour too. */
  dash?: string;
}

const W = 560;
const H = 230;
const M = { l: 58, r: 14, t: 12, b: 58 };

/** The axis unit for durations: the largest of s/min/h/days that keeps the top tick ≥ 1. */
function durationScale(max: number): { div: number; name: string } {
  if (max >= 2 * 86400) return { div: 86400, name: "days" };
  if (max >= 2 * 3600) return { div: 3600, name: "hours" };
  if (max >= 120) return { div: 60, name: "minutes" };
  return { div: 1, name: "seconds" };
}

/**
 * A daily KPI line chart as plain SVG, the same on screen, in print and in the PDF (the PDF is this page
 * printed by Chromium). Known days are joined by solid lines, missing days are bridged by a dashed line
 * and shaded, a lone value is a dot; hovering (or focusing) the plot shows the day and its values.
 */
export function TrendChart({
  title,
  days,
  lines,
  unit,
  yMax,
}: {
  title: string;
  days: string[];
  lines: TrendLine[];
  unit: Unit;
  yMax?: number;
}) {
  const id = useId();
  const [hover, setHover] = useState<number | null>(null);
  const scale = unit === "percent" || unit === "fraction" ? 100 : 1;
  const all = lines.flatMap((l) => l.values.filter((v): v is number => typeof v === "number"));
  const dataMax = Math.max(0, ...all) * (unit === "fraction" ? scale : 1);
  const dur = unit === "seconds" ? durationScale(dataMax) : null;
  const ticks = yMax !== undefined ? niceTicks(yMax) : niceTicks(dur ? dataMax / dur.div : dataMax);
  const top = ticks[ticks.length - 1] * (dur ? dur.div : 1);
  const axisUnit =
    unit === "percent" || unit === "fraction" ? "%" : dur ? dur.name : unit === "count" ? "count" : "";
  const n = Math.max(1, days.length - 1);
  const x = (i: number) => M.l + (W - M.l - M.r) * (days.length === 1 ? 0.5 : i / n);
  const y = (v: number) => {
    const shown = unit === "fraction" ? v * scale : v;
    return M.t + (H - M.t - M.b) * (1 - Math.min(shown, top) / (top || 1));
  };
  const shapes = lines.map((l) => shapeOf(l.values));
  const missing = days.map((_, i) => lines.every((l) => typeof l.values[i] !== "number"));
  const xTicks = days.length <= 1 ? [0] : [0, Math.round(n / 3), Math.round((2 * n) / 3), n];
  const colW = (W - M.l - M.r) / Math.max(1, days.length - (days.length > 1 ? 1 : 0));
  const anyGap = missing.some(Boolean);
  const hv = hover !== null ? days[hover] : null;
  const tipX = hover !== null ? Math.min(Math.max(x(hover) + 8, M.l), W - M.r - 170) : 0;
  return (
    <figure className="trend-chart">
      <figcaption>{title}</figcaption>
      {all.length === 0 ? (
        <p className="muted small trend-empty">No value was recorded on any day of this period.</p>
      ) : (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          width="100%"
          role="img"
          aria-labelledby={`${id}-t`}
          onPointerMove={(e) => {
            // The day under the pointer: SVG units from the rendered width (the chart scales with its box).
            const box = e.currentTarget.getBoundingClientRect();
            const sx = ((e.clientX - box.left) / box.width) * W;
            const i = days.length <= 1 ? 0 : Math.round(((sx - M.l) / (W - M.l - M.r)) * n);
            setHover(sx < M.l - 10 || sx > W - M.r + 10 ? null : Math.max(0, Math.min(days.length - 1, i)));
          }}
          onPointerLeave={() => setHover(null)}
        >
          <title id={`${id}-t`}>{`${title}: daily values; the table below lists them`}</title>
          {missing.map((m, i) =>
            m ? (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: one band per day index
                key={`gap-${i}`}
                x={x(i) - colW / 2}
                width={colW}
                y={M.t}
                height={H - M.t - M.b}
                className="trend-gap"
              />
            ) : null,
          )}
          {ticks.map((t) => {
            const v = (t * (dur ? dur.div : 1)) / (unit === "fraction" ? scale : 1);
            return (
              <g key={t}>
                <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="trend-grid" />
                <text x={M.l - 6} y={y(v) + 4} textAnchor="end" className="trend-tick">
                  {t}
                </text>
              </g>
            );
          })}
          <text
            transform={`translate(14 ${(M.t + H - M.b) / 2}) rotate(-90)`}
            textAnchor="middle"
            className="trend-axis"
          >
            {axisUnit}
          </text>
          <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} className="trend-base" />
          {xTicks.map((i) => (
            <text key={i} x={x(i)} y={H - M.b + 15} textAnchor="middle" className="trend-tick">
              {days[i]?.slice(5)}
            </text>
          ))}
          <text x={(M.l + W - M.r) / 2} y={H - M.b + 30} textAnchor="middle" className="trend-axis">
            Day (UTC, month-day)
          </text>
          {lines.map((l, k) => {
            const s = shapes[k];
            return (
              <g key={l.name} stroke={l.color} fill={l.color}>
                {s.solid.map((run) => (
                  <path
                    key={run[0].i}
                    d={pathThrough(run, x, y)}
                    fill="none"
                    strokeWidth={2}
                    strokeDasharray={l.dash}
                  />
                ))}
                {s.bridges.map(([a, b]) => (
                  <path
                    key={`b${a.i}`}
                    d={pathThrough([a, b], x, y)}
                    fill="none"
                    strokeWidth={1.5}
                    strokeDasharray="2 4"
                    opacity={0.8}
                  />
                ))}
                {(s.known <= 40 ? l.values : [])
                  .map((v, i) => (typeof v === "number" ? { i, v } : null))
                  .filter((p): p is { i: number; v: number } => p !== null)
                  .map((p) => (
                    <circle key={p.i} cx={x(p.i)} cy={y(p.v)} r={2.5} stroke="none" />
                  ))}
                {s.lonely.map((p) => (
                  <circle key={`l${p.i}`} cx={x(p.i)} cy={y(p.v)} r={3.5} stroke="none" />
                ))}
              </g>
            );
          })}
          {/* Legend under the axis title: each line, then what the dashes and shading mean. */}
          {lines.map((l, k) => (
            <g key={`lg-${l.name}`} transform={`translate(${M.l + k * 150} ${H - 10})`}>
              <line
                x1={0}
                x2={18}
                y1={-4}
                y2={-4}
                stroke={l.color}
                strokeWidth={2}
                strokeDasharray={l.dash}
              />
              <text x={22} y={0} className="trend-legend">
                {l.name}
              </text>
            </g>
          ))}
          {anyGap && (
            <g transform={`translate(${M.l + lines.length * 150} ${H - 10})`}>
              <rect x={0} y={-10} width={12} height={10} className="trend-gap" />
              <text x={16} y={0} className="trend-legend">
                no data (dashed: bridged)
              </text>
            </g>
          )}
          {hover !== null && (
            <line x1={x(hover)} x2={x(hover)} y1={M.t} y2={H - M.b} className="trend-cursor" />
          )}
          {hover !== null && hv && (
            <g transform={`translate(${tipX} ${M.t + 4})`} className="trend-tip" pointerEvents="none">
              <rect width={170} height={20 + lines.length * 16} rx={4} />
              <text x={8} y={15} className="trend-tip-day">
                {hv}
              </text>
              {lines.map((l, k) => (
                <text key={l.name} x={8} y={31 + k * 16} className="trend-legend">
                  <tspan fill={l.color}>■ </tspan>
                  {`${l.name}: ${typeof l.values[hover] === "number" ? formatValue(l.values[hover] as number, unit) : "no data"}`}
                </text>
              ))}
            </g>
          )}
        </svg>
      )}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {lines.map((l) => (
                <th key={l.name} scope="col">
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
                  const v = l.values[i];
                  return <td key={l.name}>{typeof v === "number" ? formatValue(v, unit) : "no data"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
