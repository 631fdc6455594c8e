"use client";

import { useRouter } from "next/navigation";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface DenyPoint {
  bucket: string;
  total: number;
  denied: number;
  rate: number | null;
}

const fmtBucket = (iso: string, unit: "hour" | "day") =>
  unit === "day" ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/**
 * Denied and allowed runtime decisions per bucket (bars) and the deny rate (line, %). Clicking a bucket
 * opens the decision explorer on the denies behind it (drill-down); the same numbers are in the table
 * below the chart for screen readers and keyboard users.
 */
export function DenyRateChart({
  points,
  unit,
  drillBase,
}: {
  points: DenyPoint[];
  unit: "hour" | "day";
  drillBase: string;
}) {
  const router = useRouter();
  const step = unit === "day" ? 86_400_000 : 3_600_000;
  const data = points.map((p) => ({
    ...p,
    allowed: p.total - p.denied,
    ratePct: p.rate === null ? null : Math.round(p.rate * 1000) / 10,
    label: fmtBucket(p.bucket, unit),
  }));
  const onBar = (d: unknown) => {
    const p = (d as { payload?: { bucket?: string; denied?: number } } | null)?.payload;
    if (p?.bucket && (p.denied ?? 0) > 0) drill(p.bucket);
  };
  const drill = (bucket: string) => {
    const to = new Date(new Date(bucket).getTime() + step).toISOString();
    router.push(
      `${drillBase}&dfrom=${encodeURIComponent(bucket)}&dto=${encodeURIComponent(to)}&dresult=deny#explorer`,
    );
  };
  const summary = `Deny rate per ${unit}: ${points.filter((p) => p.total > 0).length} ${unit}s with decisions, peak ${Math.max(0, ...data.map((d) => d.ratePct ?? 0))}%`;
  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label={summary} style={{ width: "100%", height: 260 }}>
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis
              yAxisId="n"
              tick={{ fontSize: 11 }}
              allowDecimals={false}
              label={{ value: "decisions", angle: -90, position: "insideLeft", fontSize: 11 }}
            />
            <YAxis yAxisId="r" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
            <Tooltip
              formatter={(v, name) => (name === "deny rate" ? [`${v ?? "—"} %`, name] : [v, name])}
              labelFormatter={(l) => `${l} UTC (click to see the denies)`}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="n"
              dataKey="allowed"
              name="allowed / other"
              stackId="a"
              fill="#93c5fd"
              cursor="pointer"
              onClick={onBar}
            />
            <Bar
              yAxisId="n"
              dataKey="denied"
              name="denied"
              stackId="a"
              fill="#dc2626"
              cursor="pointer"
              onClick={onBar}
            />
            <Line
              yAxisId="r"
              dataKey="ratePct"
              name="deny rate"
              stroke="#0f172a"
              dot={false}
              connectNulls={false}
              strokeWidth={2}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Runtime decisions (OPA, Envoy/Istio, Cilium) per {unit}, UTC. Click a bar for the denied decisions
        behind it.
      </figcaption>
      <div className="sr-only">
        <table>
          <caption>Decisions and denies per {unit}</caption>
          <thead>
            <tr>
              <th>{unit} (UTC)</th>
              <th>decisions</th>
              <th>denied</th>
              <th>deny rate</th>
            </tr>
          </thead>
          <tbody>
            {data
              .filter((d) => d.total > 0)
              .map((d) => (
                <tr key={d.bucket}>
                  <td>{d.bucket}</td>
                  <td>{d.total}</td>
                  <td>{d.denied}</td>
                  <td>{d.ratePct === null ? "—" : `${d.ratePct} %`}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
