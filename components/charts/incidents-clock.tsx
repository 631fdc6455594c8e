"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ClockBar {
  label: string;
  /** Minutes from start to detection (MTTD); null when the start is unknown. */
  detectMin: number | null;
  /** Minutes from detection to containment; null when not contained. */
  containMin: number | null;
}

const fmt = (v: unknown) => (typeof v === "number" ? `${v < 10 ? v.toFixed(1) : Math.round(v)} min` : "—");

function One({
  data,
  dataKey,
  name,
  color,
}: {
  data: ClockBar[];
  dataKey: "detectMin" | "containMin";
  name: string;
  color: string;
}) {
  return (
    <figure className="flush">
      <figcaption className="small muted">{name} (minutes)</figcaption>
      <div role="img" aria-label={`${name} per incident, in minutes`} className="chart-box">
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis tick={{ fontSize: 12 }} width={40} />
            <Tooltip formatter={(v) => fmt(v)} />
            <Bar dataKey={dataKey} name={name} fill={color} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Each incident's time to detect and time to contain (the distributions behind the KPIs), each on its own scale. */
export function IncidentsClockChart({ data }: { data: ClockBar[] }) {
  return (
    <div className="grid grid-2">
      <One data={data} dataKey="detectMin" name="Time to detect" color="#1d4ed8" />
      <One data={data} dataKey="containMin" name="Time to contain" color="#047857" />
    </div>
  );
}
