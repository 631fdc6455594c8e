"use client";

import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export interface LineageBar {
  name: string;
  start: number;
  end: number;
  deadline: number | null;
  outcome: string | null;
}

const COLORS: Record<string, string> = {
  onTime: "#047857",
  late: "#b45309",
  missed: "#b91c1c",
  overdue: "#dc2626",
  notDue: "#1d4ed8",
};

/** Each version's validity drawn on a time axis, coloured by its rotation outcome; dots mark deadlines. */
export function LineageTimelineChart({ bars, now, zone }: { bars: LineageBar[]; now: number; zone: string }) {
  const fmt = (t: number) => formatInstant(t, zone);
  const label = zoneLabel(zone, now);
  const rows = bars.map((b) => ({
    ...b,
    span: [b.start, b.end] as [number, number],
    deadlineAt: b.deadline,
  }));
  const min = Math.min(...bars.map((b) => b.start), now);
  const max = Math.max(...bars.map((b) => b.end), now);
  const pad = (max - min) * 0.03;
  return (
    <div
      role="img"
      aria-label={`Validity of ${bars.length} versions on a time axis (${label}), coloured by rotation outcome; the table below lists the same values.`}
      style={{ width: "100%", height: Math.max(120, 40 + bars.length * 34) }}
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} layout="vertical" margin={{ top: 18, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[min - pad, max + pad]}
            allowDataOverflow
            tickFormatter={(t: number) => fmt(t).slice(0, 10)}
            tick={{ fontSize: 11 }}
          />
          <YAxis type="category" dataKey="name" width={90} tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(_v, key, item) => {
              const p = (item as { payload: (typeof rows)[number] }).payload;
              if (key === "span")
                return [`${fmt(p.start)} → ${fmt(p.end)} ${label}`, `valid (${p.outcome ?? "no lifetime"})`];
              if (key === "deadlineAt")
                return [p.deadline ? `${fmt(p.deadline)} ${label}` : "—", "renewal deadline"];
              return [null, null];
            }}
            labelFormatter={(l) => `version ${l}`}
          />
          <Bar
            dataKey="offset"
            stackId="v"
            fill="transparent"
            isAnimationActive={false}
            legendType="none"
            tooltipType="none"
          />
          <Bar dataKey="span" isAnimationActive={false} barSize={16}>
            {rows.map((r) => (
              <Cell key={r.name} fill={COLORS[r.outcome ?? ""] ?? "#94a3b8"} />
            ))}
          </Bar>
          <Scatter dataKey="deadlineAt" fill="#111827" shape="diamond" isAnimationActive={false} />
          <ReferenceLine
            x={now}
            stroke="#111827"
            strokeDasharray="4 2"
            label={{ value: "now", position: "top", fontSize: 11 }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
