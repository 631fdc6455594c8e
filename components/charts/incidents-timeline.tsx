"use client";

import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export interface TimelinePoint {
  lane: "evidence" | "alerts" | "status";
  t: number;
  label: string;
}

/** A milestone of the incident's clock (started, detected, acknowledged, contained, resolved). */
export interface TimelineMark {
  name: string;
  t: number;
}

const LANES = { evidence: 3, alerts: 2, status: 1 } as const;
const LANE_NAME: Record<number, string> = { 3: "Evidence", 2: "Alerts", 1: "Status" };
const COLORS = { evidence: "#b45309", alerts: "#b91c1c", status: "#1d4ed8" } as const;
const MARK_COLOR: Record<string, string> = {
  started: "#92400e",
  detected: "#1d4ed8",
  acknowledged: "#6d28d9",
  contained: "#047857",
  resolved: "#374151",
};
const HOUR = 3_600_000;

/**
 * Tick text for the axis in the zone: the time of day, with the date when the incident spans more than a day,
 * and with seconds when it spans under half an hour (ticks seconds apart would otherwise all read one minute).
 */
export function tickFormat(spanMs: number, zone: string) {
  return (t: number) => {
    const s = formatInstant(t, zone, { seconds: spanMs < HOUR / 2 });
    return spanMs > 20 * HOUR ? s.slice(5) : s.slice(11);
  };
}

/**
 * Evidence, alerts and the status milestones of one incident on one time axis in the display zone, named
 * on the axis. Each milestone is a labelled vertical line; every point tells its time and what happened on hover.
 */
export function IncidentTimelineChart({
  points,
  marks,
  zone,
}: {
  points: TimelinePoint[];
  marks: TimelineMark[];
  zone: string;
}) {
  const times = [...points.map((p) => p.t), ...marks.map((m) => m.t)];
  const min = Math.min(...times);
  const max = Math.max(...times);
  const span = max - min;
  const pad = Math.max(span * 0.05, 60_000);
  const fmt = tickFormat(span, zone);
  const label = zoneLabel(zone, min);
  const series = (["evidence", "alerts", "status"] as const).map((lane) => ({
    lane,
    data: points.filter((p) => p.lane === lane).map((p) => ({ x: p.t, y: LANES[lane], label: p.label })),
  }));
  return (
    <div
      className="incident-timeline"
      role="img"
      aria-label={`Incident timeline: evidence, alerts and status milestones on a time axis in ${label}`}
    >
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 28, right: 24, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[min - pad, max + pad]}
            tickFormatter={fmt}
            tick={{ fontSize: 12 }}
            tickCount={7}
            name={`time (${label})`}
            label={{ value: `Time (${label})`, position: "insideBottom", offset: -18, fontSize: 12 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0.5, 3.5]}
            ticks={[1, 2, 3]}
            tickFormatter={(v) => LANE_NAME[v] ?? ""}
            tick={{ fontSize: 12 }}
            width={70}
          />
          <ZAxis range={[70, 70]} />
          <Tooltip
            cursor={{ strokeDasharray: "3 3" }}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as { x: number; label: string } | undefined;
              return p ? (
                <div className="card small chart-tip">
                  <strong>{formatInstant(p.x, zone, { seconds: true, label: true })}</strong>
                  <div>{p.label}</div>
                </div>
              ) : null;
            }}
          />
          {marks.map((m, i) => (
            <ReferenceLine
              key={m.name}
              x={m.t}
              stroke={MARK_COLOR[m.name] ?? "#374151"}
              strokeDasharray={m.name === "started" ? "4 2" : undefined}
              // Alternate above and inside the plot so close milestones do not print over each other.
              label={{
                value: m.name,
                fontSize: 11,
                position: i % 2 === 0 ? "top" : "insideTopLeft",
                fill: MARK_COLOR[m.name] ?? "#374151",
              }}
            />
          ))}
          {series.map((s) => (
            <Scatter key={s.lane} name={s.lane} data={s.data} fill={COLORS[s.lane]} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
