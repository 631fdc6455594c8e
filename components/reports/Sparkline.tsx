// A tiny daily line for a KPI tile, the previous period drawn faintly behind it on the same scale
// (plain SVG: no layout pass, prints, needs no JavaScript).

function pathOf(values: (number | null)[], width: number, height: number, min: number, span: number): string {
  const n = Math.max(1, values.length - 1);
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (i / n) * (width - 4) + 2;
    const y = height - 3 - ((v - min) / span) * (height - 6);
    d += `${pen ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function Sparkline({
  values,
  previous = [],
  label,
  width = 200,
  height = 36,
}: {
  values: (number | null)[];
  previous?: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const nums = values.filter((v): v is number => v !== null);
  const prevNums = previous.filter((v): v is number => v !== null);
  if (nums.length < 2) {
    return (
      <svg
        className="spark"
        width="100%"
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: not enough daily history yet`}
      >
        <line x1="0" x2={width} y1={height - 2} y2={height - 2} stroke="#e3e6eb" strokeDasharray="3 3" />
      </svg>
    );
  }
  const all = [...nums, ...prevNums];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const prevText = prevNums.length
    ? `; previous period from ${r1(prevNums[0])} to ${r1(prevNums[prevNums.length - 1])}`
    : "";
  return (
    <svg
      className="spark"
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}, daily over the period: from ${r1(nums[0])} to ${r1(nums[nums.length - 1])}, lowest ${r1(Math.min(...nums))}, highest ${r1(Math.max(...nums))}${prevText}`}
    >
      {prevNums.length > 1 && (
        <path
          d={pathOf(previous, width, height, min, span)}
          fill="none"
          stroke="#c3cad5"
          strokeWidth="1.5"
          vectorEffect="non-scaling-stroke"
        />
      )}
      <path
        d={pathOf(values, width, height, min, span)}
        fill="none"
        stroke="#1d4ed8"
        strokeWidth="1.5"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
