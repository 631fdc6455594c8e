"use client";

import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, YAxis } from "recharts";

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** A small trend of one KPI evidence value; the numbers are also in the text next to it. */
export function RiskSparkline({
  samples,
  threshold,
  label,
}: {
  samples: { at: string; value: number | null }[];
  threshold: number | null;
  label: string;
}) {
  const data = samples.map((s) => ({ at: s.at.slice(0, 16).replace("T", " "), value: s.value }));
  const values = samples.map((s) => s.value).filter((v): v is number => v !== null);
  const summary = values.length
    ? `${label}: ${values.length} samples from ${values[0]} to ${values[values.length - 1]} (min ${Math.min(...values)}, max ${Math.max(...values)})`
    : `${label}: no samples yet`;
  if (data.length < 2)
    return <span className="small muted">{values.length ? "one sample so far" : "no samples yet"}</span>;
  return (
    <div className="sparkline" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={40}>
        <LineChart data={data} margin={{ top: 4, right: 4, bottom: 4, left: 4 }}>
          <YAxis hide domain={["auto", "auto"]} />
          <Tooltip formatter={(v) => [String(v), label]} labelFormatter={(l) => `${l} UTC`} />
          {threshold !== null && <ReferenceLine y={threshold} stroke="#b91c1c" strokeDasharray="3 3" />}
          <Line
            type="monotone"
            dataKey="value"
            stroke="#1d4ed8"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
    <div className="small muted">
      {values.length} samples · min fmt(Math.min(...values))· max fmt(Math.max(...values))
    </div>
    </div>
  );
}
