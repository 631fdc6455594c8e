// A tiny daily line for a KPI tile (plain SVG: no layout pass, prints, no JavaScript needed).
export function Sparkline({
  values,
  label,
  width = 200,
  height = 36,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const nums = values.filter((v): v is number => v !== null);
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
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const span = max - min || 1;
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
  return (
    <svg
      className="spark"
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}, daily over the period: from ${nums[0]} to ${nums[nums.length - 1]}, lowest ${min}, highest ${max}`}
    >
      <path d={d.trim()} fill="none" stroke="#1d4ed8" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
