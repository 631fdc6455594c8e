import Link from "next/link";
import { trendTone } from "@/lib/kpi/history";
import { formatTarget, formatValue } from "@/lib/kpi/targets";
import type { OverviewTile } from "@/lib/reports/overview";
import { Sparkline } from "./Sparkline";

const ARROW = { up: "▲", down: "▼", flat: "■" } as const;

/** A headline figure; it opens the records behind it (tile.href carries the same window and scope). */
export function KpiTile({ tile, days }: { tile: OverviewTile; days?: string[] }) {
  const tone = trendTone(tile.direction, tile.trend);
  const trendText =
    tile.previous === null
      ? "no previous figure"
      : tile.trend === "flat"
        ? `unchanged`
        : `from ${formatValue(tile.previous, tile.unit)}`;
  return (
    <Link className="card kpi-tile" href={tile.href}>
      <span className="label">{tile.label}</span>
      <span className="value">{formatValue(tile.current, tile.unit)}</span>
      <span className="meta">
        <span className={`trend ${tone}`}>
          <span aria-hidden="true">{ARROW[tile.trend]} </span>
          <span className="sr-only">
            {tile.trend === "flat" ? "" : tile.trend === "up" ? "Up " : "Down "}
          </span>
          {trendText}
        </span>
        {tile.target && (
          <span
            className={`nowrap ${tile.status === "met" ? "st-met" : tile.status === "missed" ? "st-missed" : ""}`.trim()}
          >
            target {formatTarget(tile.target, tile.unit)}
            {tile.status === "missed" ? " ✗" : tile.status === "met" ? " ✓" : ""}
          </span>
        )}
      </span>
      <Sparkline
        values={tile.spark}
        previous={tile.previousSpark}
        label={`${tile.label} trend`}
        unit={tile.unit}
        days={days}
      />
    </Link>
  );
}

export function KpiTileSkeleton() {
  return (
    <div className="card kpi-tile" aria-hidden="true">
      <span className="skeleton sk-label" />
      <span className="skeleton sk-value" />
      <span className="skeleton sk-detail" />
      <span className="skeleton spark sk-spark" />
    </div>
  );
}
