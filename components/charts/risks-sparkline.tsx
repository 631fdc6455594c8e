"use client";

import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, YAxis } from "recharts";

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** A small trend of one KPI evidence value; the numbers are also written under it. */
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
  if (values.length < 2) {
    return (
      <span className="small muted">
        {values.length
          ? "one value so far"
          : data.length
            ? `no value in ${data.length} samples yet`
            : "no samples yet"}
      </span>
    );
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const summary = `${label}: ${values.length} samples from ${fmt(values[0])} to ${fmt(values[values.length - 1])} (min ${fmt(min)}, max ${fmt(max)})`;
  return (
    <div>
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
        {values.length} samples · min {fmt(min)} · max {fmt(max)}
      </div>
    </div>
  );
}
