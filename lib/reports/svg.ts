// Static SVG line charts for the PDF (pure): Chromium prints them as vectors, with no script or layout
// pass needed, so a chart can never come out blank.

export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export interface LineSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

export function lineChartSvg(opts: {
  title: string;
  days: string[];
  series: LineSeries[];
  unit: string;
  yMax?: number;
  width?: number;
  height?: number;
}): string {
  const W = opts.width ?? 520;
  const H = opts.height ?? 190;
  const L = 44;
  const R = 12;
  const T = 14;
  const B = 34;
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = opts.yMax ?? Math.max(1, ...all);
  const n = Math.max(1, opts.days.length - 1);
  const x = (i: number) => L + ((W - L - R) * i) / n;
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.title)}">`,
  );
  parts.push(`<title>${esc(opts.title)}</title>`);
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6eb"/>`);
    parts.push(
      `<text x="${L - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#5b6472">${esc(fmt(v))}${esc(opts.unit)}</text>`,
    );
  }
  const ticks = opts.days.length <= 1 ? [0] : [0, Math.floor(n / 2), n];
  for (const i of ticks) {
    if (opts.days[i])
      parts.push(
        `<text x="${x(i)}" y="${H - B + 16}" font-size="10" text-anchor="middle" fill="#5b6472">${esc(opts.days[i].slice(5))}</text>`,
      );
  }
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#9aa3af"/>`);
  opts.series.forEach((s, si) => {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    if (d) parts.push(`<path d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (v !== null)
        parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2" fill="${s.color}"/>`);
    });
    parts.push(
      `<rect x="${L + si * 170}" y="${H - 12}" width="10" height="10" fill="${s.color}"/><text x="${L + 14 + si * 170}" y="${H - 3}" font-size="10" fill="#111827">${esc(s.name)}</text>`,
    );
  });
  if (all.length === 0)
    parts.push(
      `<text x="${W / 2}" y="${H / 2}" font-size="12" text-anchor="middle" fill="#5b6472">No daily figures for this period</text>`,
    );
  parts.push("</svg>");
  return parts.join("");
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
