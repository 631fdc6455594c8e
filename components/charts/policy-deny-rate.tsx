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
import { denyText, LOW_VOLUME, pct } from "@/components/policy/format";
import { DataTable } from "@/components/ui/DataTable";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export interface DenyPoint {
  bucket: string;
  total: number;
  denied: number;
  rate: number | null;
}

type Datum = DenyPoint & {
  allowed: number;
  label: string;
  when: string;
  low: boolean;
  ratePct: number | null;
  lowRatePct: number | null;
};

function TipBox({ active, payload }: { active?: boolean; payload?: { payload: Datum }[] }) {
  const d = active ? payload?.[0]?.payload : undefined;
  if (!d) return null;
  return (
    <div className="chart-tip">
      <strong>{d.when}</strong>
      <div>{denyText(d)}</div>
      {d.denied > 0 && <div className="muted">Click to see the denies</div>}
    </div>
  );
}

/**
 * Denied and allowed runtime decisions per bucket (bars) and the deny rate (line, %). A bucket with fewer
 * than LOW_VOLUME decisions gets a hollow dot off the line instead: 2 denies of 3 is not a 67 % problem.
 * Clicking a bucket opens the decision explorer on the denies behind it; the numbers are in the table
 * below the chart, with the low-volume rows marked. Hours are shown in the user's zone; day buckets are
 * UTC days (the daily rollups), and say so.
 */
export function DenyRateChart({
  points,
  unit,
  drillBase,
  zone,
}: {
  points: DenyPoint[];
  unit: "hour" | "day";
  drillBase: string;
  zone: string;
}) {
  const router = useRouter();
  const step = unit === "day" ? 86_400_000 : 3_600_000;
  const shownZone = unit === "day" ? "UTC" : zone;
  const data: Datum[] = points.map((p) => {
    const low = p.total > 0 && p.total < LOW_VOLUME;
    const ratePct = p.rate === null ? null : Math.round(p.rate * 1000) / 10;
    const when = formatInstant(p.bucket, shownZone);
    return {
      ...p,
      allowed: p.total - p.denied,
      low,
      ratePct: low ? null : ratePct,
      lowRatePct: low ? ratePct : null,
      when:
        unit === "day" ? `${when.slice(0, 10)} (UTC day)` : `${when} ${zoneLabel(zone, new Date(p.bucket))}`,
      label: unit === "day" ? when.slice(5, 10) : when.slice(5),
    };
  });
  const onBar = (d: unknown) => {
    const p = (d as { payload?: Datum } | null)?.payload;
    if (p?.bucket && p.denied > 0) {
      const to = new Date(new Date(p.bucket).getTime() + step).toISOString();
      router.push(
        `${drillBase}&dfrom=${encodeURIComponent(p.bucket)}&dto=${encodeURIComponent(to)}&dresult=deny#explorer`,
      );
    }
  };
  const busy = data.filter((d) => d.ratePct !== null);
  const summary = `Deny rate per ${unit}: ${points.filter((p) => p.total > 0).length} ${unit}s with decisions, peak ${Math.max(0, ...busy.map((d) => d.ratePct ?? 0))}% among ${unit}s with at least ${LOW_VOLUME} decisions`;
  return (
    <figure className="chart-figure">
      <div role="img" aria-label={summary} className="chart-box deny-chart">
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fontSize: 11 }}
              minTickGap={24}
              label={{
                value: unit === "day" ? "day (UTC)" : `hour (${zoneLabel(zone)})`,
                position: "insideBottom",
                offset: -10,
                fontSize: 11,
              }}
            />
            <YAxis
              yAxisId="n"
              tick={{ fontSize: 11 }}
              allowDecimals={false}
              label={{ value: "decisions", angle: -90, position: "insideLeft", fontSize: 11 }}
            />
            <YAxis yAxisId="r" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
            <Tooltip content={<TipBox />} />
            <Legend wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
            {(["allowed", "denied"] as const).map((k) => (
              <Bar
                key={k}
                yAxisId="n"
                dataKey={k}
                name={k === "allowed" ? "allowed / other" : "denied"}
                stackId="a"
                fill={k === "allowed" ? "#93c5fd" : "#dc2626"}
                cursor="pointer"
                onClick={onBar}
              />
            ))}
            <Line
              yAxisId="r"
              dataKey="ratePct"
              name="deny rate"
              stroke="#0f172a"
              dot={false}
              connectNulls={false}
              strokeWidth={2}
            />
            <Line
              yAxisId="r"
              dataKey="lowRatePct"
              name={`deny rate, fewer than ${LOW_VOLUME} decisions`}
              stroke="#64748b"
              strokeWidth={0}
              dot={{ r: 3, fill: "#fff", stroke: "#64748b", strokeWidth: 1.5 }}
              activeDot={{ r: 4 }}
              legendType="circle"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Runtime decisions (OPA, Envoy/Istio, Cilium) per {unit}
        {unit === "day" ? " (UTC days)" : `, times in ${zoneLabel(zone)}`}. Hollow dots: fewer than{" "}
        {LOW_VOLUME} decisions, too few for the rate to mean much. Click a bar for the denied decisions behind
        it.
      </figcaption>
      <details className="chart-numbers">
        <summary>The numbers behind the chart</summary>
        <DataTable
          caption={`Decisions and denies per ${unit}`}
          captionHidden
          rows={data.filter((d) => d.total > 0)}
          rowKey={(d) => d.bucket}
          columns={[
            {
              key: "when",
              header: unit === "day" ? "Day (UTC)" : `Hour (${zoneLabel(zone)})`,
              cell: (d) => (unit === "day" ? d.when.slice(0, 10) : formatInstant(d.bucket, zone)),
            },
            { key: "total", header: "Decisions", numeric: true, cell: (d) => d.total.toLocaleString("en") },
            { key: "denied", header: "Denied", numeric: true, cell: (d) => d.denied.toLocaleString("en") },
            {
              key: "rate",
              header: "Deny rate",
              numeric: true,
              cell: (d) => (
                <>
                  {pct(d.denied / d.total)}
                  {d.low && <span className="badge low-volume">low volume</span>}
                </>
              ),
            },
          ]}
        />
      </details>
    </figure>
  );
}
