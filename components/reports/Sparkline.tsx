// A tiny daily line for a KPI tile, the previous period drawn faintly behind it on the same scale
// (plain SVG: prints, needs no JavaScript). Known days are joined, missing days are bridged by a dotted
// line and a lone value is a short mark, so sparse history (rotation, MTTD) is never a blank box.
// Each day carries a native tooltip with its date and value.
import { pathThrough, shapeOf } from "@/lib/charts/segments";
import { formatValue, type Unit } from "@/lib/kpi/targets";

function Line({
  values,
  x,
  y,
  color,
  width,
}: {
  values: (number | null)[];
  x: (i: number) => number;
  y: (v: number) => number;
  color: string;
  width: number;
}) {
  const s = shapeOf(values);
  return (
    <g stroke={color} fill="none" strokeWidth={width} vectorEffect="non-scaling-stroke">
      {s.solid.map((run) => (
        <path key={run[0].i} d={pathThrough(run, x, y)} vectorEffect="non-scaling-stroke" />
      ))}
      {s.bridges.map(([a, b]) => (
        <path
          key={`b${a.i}`}
          d={pathThrough([a, b], x, y)}
          strokeDasharray="2 3"
          vectorEffect="non-scaling-stroke"
        />
      ))}
      {s.lonely.map((p) => (
        <path
          key={`l${p.i}`}
          d={`M${(x(p.i) - 3).toFixed(1)},${y(p.v).toFixed(1)} H${(x(p.i) + 3).toFixed(1)}`}
          strokeWidth={3}
          vectorEffect="non-scaling-stroke"
        />
      ))}
    </g>
  );
}

export function Sparkline({
  values,
  previous = [],
  label,
  unit,
  days = [],
  width = 200,
  height = 36,
}: {
  values: (number | null)[];
  previous?: (number | null)[];
  label: string;
  unit: Unit;
  days?: string[];
  width?: number;
  height?: number;
}) {
  const nums = values.filter((v): v is number => v !== null);
  const prevNums = previous.filter((v): v is number => v !== null);
  if (nums.length === 0) {
    return (
      <svg
        className="spark"
        width="100%"
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: no daily value recorded in this period`}
      >
        <line x1="0" x2={width} y1={height - 2} y2={height - 2} stroke="#c3cad5" strokeDasharray="3 3" />
      </svg>
    );
  }
  const all = [...nums, ...prevNums];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const y = (v: number) => height - 4 - ((v - min) / span) * (height - 8);
  const xOf = (len: number) => (i: number) => (len <= 1 ? width / 2 : (i / (len - 1)) * (width - 8) + 4);
  const f = (v: number) => formatValue(v, unit);
  const prevText = prevNums.length
    ? `; previous period from ${f(prevNums[0])} to ${f(prevNums[prevNums.length - 1])}`
    : "";
  const missing = values.length - nums.length;
  const col = width / Math.max(1, values.length);
  return (
    <svg
      className="spark"
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}, daily over the period: from ${f(nums[0])} to ${f(nums[nums.length - 1])}, lowest ${f(Math.min(...nums))}, highest ${f(Math.max(...nums))}${missing ? `; ${missing} of ${values.length} days without a value` : ""}${prevText}`}
    >
      {prevNums.length > 0 && (
        <Line values={previous} x={xOf(previous.length)} y={y} color="#c3cad5" width={1.5} />
      )}
      <Line values={values} x={xOf(values.length)} y={y} color="#1d4ed8" width={1.5} />
      {days.length === values.length &&
        values.map((v, i) => (
          <rect key={days[i]} x={i * col} width={col} y={0} height={height} fill="transparent">
            <title>{`${days[i]}: ${v === null ? "no data" : f(v)}`}</title>
          </rect>
        ))}
    </svg>
  );
}
