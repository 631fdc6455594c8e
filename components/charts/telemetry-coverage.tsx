"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CoveragePoint } from "@/lib/telemetry/queries";
import { formatInstant, UTC, zoneLabel } from "@/lib/time/zone";

/**
 * mTLS coverage over time (overall and cross-cluster), with the numbers in a visually hidden table. Hours
 * are shown in the display zone; days are the rollups' UTC days, and say so.
 */
export function CoverageChart({
  points,
  step,
  zone,
}: {
  points: CoveragePoint[];
  step: "hour" | "day";
  zone: string;
}) {
  const shown = step === "hour" ? zone : UTC;
  const label = step === "hour" ? zoneLabel(zone) : "UTC days";
  const when = (t: string) => (step === "hour" ? formatInstant(t, shown) : t.slice(0, 10));
  const tick = (t: string) => (step === "hour" ? when(t).slice(11, 16) : t.slice(5, 10));
  const data = points.map((p) => ({
    t: p.t,
    overall: p.percent === null ? null : Number(p.percent.toFixed(2)),
    cross: p.crossClusterPercent === null ? null : Number(p.crossClusterPercent.toFixed(2)),
  }));
  const min = Math.min(100, ...data.flatMap((d) => [d.overall ?? 100, d.cross ?? 100]));
  const floor = Math.max(0, Math.floor((min - 2) / 5) * 5);
  return (
    <figure className="chart" aria-label={`mTLS coverage per ${step}, percent, times in ${label}`}>
      <div className="chart-box tall" aria-hidden="true">
        <ResponsiveContainer>
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#e3e6eb" strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={tick} fontSize={12} minTickGap={24} />
            <YAxis domain={[floor, 100]} unit=" %" fontSize={12} width={56} />
            <Tooltip
              labelFormatter={(t) =>
                `${when(String(t))} ${step === "hour" ? zoneLabel(zone, new Date(String(t))) : "(UTC day)"}`
              }
              formatter={(v) => (v === null || v === undefined ? "no traffic" : `${v} %`)}
            />
            <Legend />
            <Line
              type="monotone"
              dataKey="overall"
              name="All traffic"
              stroke="#1d4ed8"
              strokeWidth={2}
              dot={false}
              connectNulls
            />
            <Line
              type="monotone"
              dataKey="cross"
              name="Cross-cluster"
              stroke="#d97706"
              strokeWidth={2}
              dot={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>
            mTLS coverage per {step} ({label})
          </caption>
          <thead>
            <tr>
              <th>Time ({label})</th>
              <th>All traffic</th>
              <th>Cross-cluster</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.t}>
                <td>{when(d.t)}</td>
                <td>{d.overall === null ? "no traffic" : `${d.overall} %`}</td>
                <td>{d.cross === null ? "no traffic" : `${d.cross} %`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
