"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ClockBar {
  label: string;
  /** Minutes from start to detection (MTTD); null when the start is unknown. */
  detectMin: number | null;
  /** Minutes from detection to containment; null when not contained. */
  containMin: number | null;
}

const fmt = (v: unknown) => (typeof v === "number" ? `${v < 10 ? v.toFixed(1) : Math.round(v)} min` : "—");

/** Each incident's time to detect and time to contain, side by side (the distribution behind the KPIs). */
export function IncidentsClockChart({ data }: { data: ClockBar[] }) {
  return (
    <div
      role="img"
      aria-label={`Time to detect and time to contain for ${data.length} incidents, in minutes`}
      style={{ width: "100%", height: 260 }}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis
            tick={{ fontSize: 12 }}
            label={{ value: "minutes", angle: -90, position: "insideLeft", fontSize: 12 }}
          />
          <Tooltip formatter={(v) => fmt(v)} />
          <Legend />
          <Bar dataKey="detectMin" name="Time to detect" fill="#1d4ed8" />
          <Bar dataKey="containMin" name="Time to contain" fill="#047857" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
