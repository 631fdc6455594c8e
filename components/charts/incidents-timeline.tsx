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

export interface TimelinePoint {
  lane: "evidence" | "alerts" | "clock";
  t: number;
  label: string;
}

export interface TimelineMarkers {
  startedAt: number | null;
  detectedAt: number;
  containedAt: number | null;
  resolvedAt: number | null;
}

const LANES = { evidence: 3, alerts: 2, clock: 1 } as const;
const LANE_NAME: Record<number, string> = { 3: "Evidence", 2: "Alerts", 1: "Clock" };
const COLORS = { evidence: "#b45309", alerts: "#b91c1c", clock: "#1d4ed8" } as const;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Evidence, alerts, detection and containment of one incident on one UTC time axis. */
export function IncidentTimelineChart({
  points,
  markers,
}: {
  points: TimelinePoint[];
  markers: TimelineMarkers;
}) {
  const times = [
    ...points.map((p) => p.t),
    markers.detectedAt,
    ...(markers.containedAt ? [markers.containedAt] : []),
  ];
  const min = Math.min(...times);
  const max = Math.max(...times);
  const pad = Math.max((max - min) * 0.04, 30_000);
  const series = (["evidence", "alerts", "clock"] as const).map((lane) => ({
    lane,
    data: points.filter((p) => p.lane === lane).map((p) => ({ x: p.t, y: LANES[lane], label: p.label })),
  }));
  return (
    <div
      role="img"
      aria-label="Incident timeline: evidence, alerts, detection and containment over time (UTC)"
      style={{ width: "100%", height: 240 }}
    >
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[min - pad, max + pad]}
            tickFormatter={hhmm}
            tick={{ fontSize: 12 }}
            name="time (UTC)"
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
                <div className="card small" style={{ padding: 8 }}>
                  <strong>{hhmm(p.x)} UTC</strong>
                  <div>{p.label}</div>
                </div>
              ) : null;
            }}
          />
          {markers.startedAt !== null && (
            <ReferenceLine
              x={markers.startedAt}
              stroke="#92400e"
              strokeDasharray="4 2"
              label={{ value: "start", fontSize: 11, position: "insideBottomLeft" }}
            />
          )}
          <ReferenceLine
            x={markers.detectedAt}
            stroke="#1d4ed8"
            label={{ value: "detected", fontSize: 11, position: "top" }}
          />
          {markers.containedAt !== null && (
            <ReferenceLine
              x={markers.containedAt}
              stroke="#047857"
              label={{ value: "contained", fontSize: 11, position: "top" }}
            />
          )}
          {series.map((s) => (
            <Scatter key={s.lane} name={s.lane} data={s.data} fill={COLORS[s.lane]} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
