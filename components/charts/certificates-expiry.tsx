"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ExpiryBucket {
  week: number;
  label: string;
  count: number;
  weak: number;
}

/** Current certificates by the week they expire in; "past" = already past notAfter. */
export function ExpiryTimelineChart({ data }: { data: ExpiryBucket[] }) {
  const rows = data.map((d) => ({ ...d, strong: d.count - d.weak }));
  const summary = data
    .filter((d) => d.count)
    .map((d) => `${d.week < 0 ? "already past" : `week of ${d.label}`}: ${d.count}`)
    .join("; ");
  return (
    <figure className="flush">
      <div
        role="img"
        aria-label={`Certificates by expiry week. ${summary || "None expire in the next 13 weeks."}`}
        className="chart-box"
      >
        <ResponsiveContainer>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fontSize: 11 }}
              label={{
                value: "expiry week (starting, UTC)",
                position: "insideBottom",
                offset: -8,
                fontSize: 11,
              }}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              label={{ value: "certificates", angle: -90, position: "insideLeft", fontSize: 11 }}
            />
            <Tooltip
              formatter={(v, name) => [`${v} certificates`, name === "weak" ? "weak" : "not weak"]}
              labelFormatter={(l) => (l === "past" ? "already past notAfter" : `week of ${l}`)}
            />
            <Bar dataKey="strong" stackId="a" fill="#1d4ed8" name="not weak" />
            <Bar dataKey="weak" stackId="a" fill="#b91c1c" name="weak" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>Certificates by expiry week</caption>
          <thead>
            <tr>
              <th>Week</th>
              <th>Certificates</th>
              <th>Weak</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.week}>
                <td>{d.week < 0 ? "already past" : d.label}</td>
                <td>{d.count}</td>
                <td>{d.weak}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
