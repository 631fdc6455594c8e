import type { ClusterPair } from "@/lib/telemetry/queries";
import { clusterLabel, pct, volume } from "./format";

const W = 680;
const H = 460;
const RX = 190;
const RY = 118;
const CX = W / 2;
const CY = H / 2;
const NODE_H = 34;

const nodeWidth = (n: string | null) => Math.max(90, clusterLabel(n).length * 7.6 + 24);

/** Distance from a node's centre to its border along (ux, uy), plus a small gap. */
function reach(n: string | null, ux: number, uy: number): number {
  const hw = nodeWidth(n) / 2;
  const hh = NODE_H / 2;
  const t = Math.min(
    Math.abs(ux) > 1e-6 ? hw / Math.abs(ux) : Infinity,
    Math.abs(uy) > 1e-6 ? hh / Math.abs(uy) : Infinity,
  );
  return t + 6;
}

/**
 * Clusters on an ellipse and the traffic between them, server-rendered SVG. Width follows volume;
 * green is all mTLS, amber partly plaintext, red plaintext only; dashed edges carry plaintext.
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
  const max = Math.max(1, ...pairs.map((p) => p.total));
  const width = (v: number) => 1.5 + 6 * (Math.log10(1 + v) / Math.log10(1 + max));
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
            refX="8"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="13"
            markerHeight="13"
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
        const stroke = {
          fill: "none",
          stroke: c,
          strokeWidth: width(p.total),
          strokeDasharray: p.plaintext > 0 ? "7 4" : undefined,
          markerEnd: `url(#arrow-${c.slice(1)})`,
        };
        if (p.src === p.dst) {
          // Traffic inside one cluster: a loop on the node's outer side, its label beyond it.
          const ox = a.x - CX;
          const oy = a.y - CY;
          const ol = Math.hypot(ox, oy) || 1;
          const ux = ox / ol;
          const uy = oy / ol;
          const r0 = reach(p.src, ux, uy);
          const at = (ang: number, r: number) => {
            const cs = Math.cos(ang);
            const sn = Math.sin(ang);
            return { x: a.x + r * (ux * cs - uy * sn), y: a.y + r * (ux * sn + uy * cs) };
          };
          const p0 = at(-0.35, r0);
          const p1 = at(-0.6, r0 + 60);
          const p2 = at(0.6, r0 + 60);
          const p3 = at(0.35, r0);
          const lp = at(0, r0 + 62);
          return (
            <g key={key}>
              <title>{`${clusterLabel(p.src)} internal: ${label}`}</title>
              <path d={`M${p0.x},${p0.y} C${p1.x},${p1.y} ${p2.x},${p2.y} ${p3.x},${p3.y}`} {...stroke} />
              <text
                x={Math.abs(uy) > 0.5 ? lp.x : a.x}
                y={Math.abs(uy) > 0.5 ? lp.y + (uy > 0 ? 12 : -4) : a.y - NODE_H / 2 - 8}
                textAnchor="middle"
                className="mesh-edge-label"
              >
                {label}
              </text>
            </g>
          );
        }
        // Both directions of a pair run side by side; each label sits on its own side.
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const ux = dx / len;
        const uy = dy / len;
        const nx = -uy * 9;
        const ny = ux * 9;
        const sx = a.x + ux * reach(p.src, ux, uy) + nx;
        const sy = a.y + uy * reach(p.src, ux, uy) + ny;
        const ex = b.x - ux * reach(p.dst, -ux, -uy) + nx;
        const ey = b.y - uy * reach(p.dst, -ux, -uy) + ny;
        const mx = (sx + ex) / 2 + nx * 1.6;
        const my = (sy + ey) / 2 + ny * 1.6;
        const anchor = Math.abs(nx) > Math.abs(ny) ? (nx > 0 ? "start" : "end") : "middle";
        return (
          <g key={key}>
            <title>{`${clusterLabel(p.src)} → ${clusterLabel(p.dst)}: ${label}`}</title>
            <line x1={sx} y1={sy} x2={ex} y2={ey} {...stroke} />
            <text
              x={mx}
              y={my + (ny > 0 ? 12 : ny < 0 ? -4 : 4)}
              textAnchor={anchor}
              className="mesh-edge-label"
            >
              {label}
            </text>
          </g>
        );
      })}
      {nodes.map((n) => {
        const q = pos.get(n);
        if (!q) return null;
        const w = nodeWidth(n);
        return (
          <g key={n ?? "outside"}>
            <rect
              x={q.x - w / 2}
              y={q.y - NODE_H / 2}
              width={w}
              height={NODE_H}
              rx={10}
              className={n === null ? "mesh-node outside" : "mesh-node"}
            />
            <text x={q.x} y={q.y + 4.5} textAnchor="middle" className="mesh-node-label">
              {clusterLabel(n)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
