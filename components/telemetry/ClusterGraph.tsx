import type { ClusterPair } from "@/lib/telemetry/queries";
import { clusterLabel, pct, volume } from "./format";

const W = 640;
const H = 440;
const RX = 185;
const RY = 120;
const CX = W / 2;
const CY = H / 2 + 6;

/**
 * Clusters on a circle and the traffic between them. Edge width follows volume; a red dashed edge
 * carries plaintext, amber is partly plaintext… fully mTLS is green. Server-rendered SVG.
 */
export function ClusterGraph({ pairs }: { pairs: ClusterPair[] }) {
  const nodes = [...new Set(pairs.flatMap((p) => [p.src, p.dst]))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  );
  const pos = new Map(
    nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(nodes.length, 1) - Math.PI / 2;
      return [n, { x: CX + RX * Math.cos(a), y: CY + RY * Math.sin(a) }];
    }),
  );
  // Names go on the side of a node away from its own-traffic loop: inwards for top/bottom nodes.
  const labelY = (q: { x: number; y: number }) => {
    const oy = q.y - CY;
    if (Math.abs(oy) > RY * 0.5) return oy < 0 ? q.y + 48 : q.y - 40;
    return q.y + 48;
  };
  const max = Math.max(1, ...pairs.map((p) => p.total));
  const width = (v: number) => 1.5 + 7 * (Math.log10(1 + v) / Math.log10(1 + max));
  const colour = (p: ClusterPair) => (p.plaintext > 0 ? (p.mtls > 0 ? "#d97706" : "#b91c1c") : "#059669");
  const summary = pairs
    .map((p) => `${clusterLabel(p.src)} → ${clusterLabel(p.dst)}: ${pct(p.percent)} mTLS, ${volume(p.total)}`)
    .join("; ");
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="mesh-graph"
      role="img"
      aria-label={`Cluster traffic graph. ${summary}`}
    >
      <defs>
        {["#059669", "#d97706", "#b91c1c"].map((c) => (
          <marker
            key={c}
            id={`arrow-${c.slice(1)}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="5"
            markerHeight="5"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={c} />
          </marker>
        ))}
      </defs>
      {pairs.map((p) => {
        const a = pos.get(p.src);
        const b = pos.get(p.dst);
        if (!a || !b) return null;
        const c = colour(p);
        const label = `${pct(p.percent, 1)} · ${volume(p.total)}`;
        const key = `${p.src}→${p.dst}`;
        if (p.src === p.dst) {
          // Traffic inside one cluster: a loop on the node's outer side.
          const ox = a.x - CX;
          const oy = a.y - CY;
          const ol = Math.hypot(ox, oy) || 1;
          const ux = ox / ol;
          const uy = oy / ol;
          const at = (ang: number, r: number) => {
            const c = Math.cos(ang);
            const s2 = Math.sin(ang);
            return { x: a.x + r * (ux * c - uy * s2), y: a.y + r * (ux * s2 + uy * c) };
          };
          const p0 = at(-0.5, 32);
          const p1 = at(-0.7, 95);
          const p2 = at(0.7, 95);
          const p3 = at(0.5, 32);
          const lp = at(0, 92);
          return (
            <g key={key}>
              <title>{`${clusterLabel(p.src)} internal: ${label}`}</title>
              <path
                d={`M${p0.x},${p0.y} C${p1.x},${p1.y} ${p2.x},${p2.y} ${p3.x},${p3.y}`}
                fill="none"
                stroke={c}
                strokeWidth={width(p.total)}
                strokeDasharray={p.plaintext > 0 ? "6 4" : undefined}
                markerEnd={`url(#arrow-${c.slice(1)})`}
              />
              <text
                x={lp.x + ux * 8}
                y={Math.abs(uy) > 0.5 ? lp.y + uy * 10 + 4 : lp.y - 38}
                textAnchor="middle"
                className="mesh-edge-label"
              >
                {label}
              </text>
            </g>
          );
        }
        // Offset both directions of a pair so they do not overlap.
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const nx = (-dy / len) * 10;
        const ny = (dx / len) * 10;
        const sx = a.x + (dx / len) * 34 + nx;
        const sy = a.y + (dy / len) * 34 + ny;
        const ex = b.x - (dx / len) * 34 + nx;
        const ey = b.y - (dy / len) * 34 + ny;
        return (
          <g key={key}>
            <title>{`${clusterLabel(p.src)} → ${clusterLabel(p.dst)}: ${label}`}</title>
            <line
              x1={sx}
              y1={sy}
              x2={ex}
              y2={ey}
              stroke={c}
              strokeWidth={width(p.total)}
              strokeDasharray={p.plaintext > 0 ? "6 4" : undefined}
              markerEnd={`url(#arrow-${c.slice(1)})`}
            />
            <text
              x={(sx + ex) / 2 + nx * 1.6}
              y={(sy + ey) / 2 + ny * 1.6}
              textAnchor="middle"
              className="mesh-edge-label"
            >
              {label}
            </text>
          </g>
        );
      })}
      {nodes.map((n) => {
        const p = pos.get(n);
        if (!p) return null;
        return (
          <g key={n ?? "outside"}>
            <circle cx={p.x} cy={p.y} r={30} className={n === null ? "mesh-node outside" : "mesh-node"} />
            <text x={p.x} y={labelY(p)} textAnchor="middle" className="mesh-node-label">
              {clusterLabel(n)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
