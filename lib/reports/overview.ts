import "server-only";
import { computeKpis } from "@/lib/kpi/compute";
import { seriesOf, trendOf } from "@/lib/kpi/history";
import { ALL, readSnapshots } from "@/lib/kpi/snapshots";
import { METRICS, type MetricDef, type MetricKey } from "@/lib/kpi/targets";
import { getTargets } from "@/lib/kpi/targets-store";
import { compareMetric, type ReportFigure } from "./assemble";
import { attentionFromKpis, mergeAttention } from "./attention";
import { drillHref } from "./drill";
import { kpisOfBoth, type ReportRequest, reportWindow } from "./executive";
import { daysOf, effectiveNow } from "./period";
import { type AttentionItem, attentionProviders } from "./registry";
import "./sections";

export const OVERVIEW_TILES: MetricKey[] = [
  "rotationOnSchedule.percent",
  "mtlsCoverage.crossClusterPercent",
  "mtlsCoverage.percent",
  "policy.compliance",
  "mttd.medianSeconds",
  "timeToContainment.medianSeconds",
  "certificates.expired",
  "risks.aboveAppetite",
];

/** A figure of the report without its plain-words explanation and change, plus trend and sparklines. */
export interface OverviewTile
  extends Pick<
    ReportFigure,
    "key" | "label" | "unit" | "direction" | "href" | "current" | "previous" | "target" | "status"
  > {
  trend: "up" | "down" | "flat";
  /** Daily values over the period from KPI snapshots (null = no snapshot that day). */
  spark: (number | null)[];
  /** The same over the previous period, drawn behind for comparison. */
  previousSpark: (number | null)[];
}

export interface Overview {
  period: { key: string; label: string; from: string; to: string };
  previous: { key: string; label: string };
  cluster: string | null;
  days: string[];
  tiles: OverviewTile[];
  attention: AttentionItem[];
  generatedAt: string;
}

async function providerItems(cluster: string | null, now: Date): Promise<AttentionItem[]> {
  const lists = await Promise.all(
    attentionProviders().map(([name, fn]) =>
      fn({ cluster, now }).catch((e) => {
        console.error(`[reports] attention provider ${name} failed`, e);
        return [] as AttentionItem[];
      }),
    ),
  );
  return lists.flat();
}

export async function buildOverview(opts: ReportRequest): Promise<Overview> {
  const w = reportWindow(opts);
  const { now, period, previous, cluster } = w;
  const [[current, before], targets, snapshots, previousSnapshots, items] = await Promise.all([
    kpisOfBoth(w),
    getTargets(),
    readSnapshots(cluster ?? ALL, period.from, period.to),
    readSnapshots(cluster ?? ALL, previous.from, previous.to),
    providerItems(cluster, now),
  ]);
  const days = daysOf(period.from, effectiveNow(period, now));
  const previousDays = daysOf(previous.from, previous.to);
  const defs = new Map((METRICS as readonly MetricDef[]).map((m) => [m.key, m]));
  const tiles = OVERVIEW_TILES.map((key): OverviewTile => {
    const m = defs.get(key) as MetricDef;
    const figure = compareMetric(key, current, before, targets);
    return {
      key,
      label: m.label,
      unit: m.unit,
      direction: m.direction,
      href: drillHref(key, {
        from: period.from.toISOString(),
        to: effectiveNow(period, now).toISOString(),
        cluster,
      }),
      ...figure,
      trend: trendOf(figure.previous, figure.current),
      spark: seriesOf(snapshots, key, days).map((p) => p.value),
      previousSpark: seriesOf(previousSnapshots, key, previousDays).map((p) => p.value),
    };
  });
  // "Now" does not depend on the period picked: what is wrong as of this moment (last 30 days' figures).
  const nowKpis =
    period.key === "30d" && !opts.now
      ? current
      : await computeKpis({ from: new Date(now.getTime() - 30 * 86_400_000), to: now, cluster, now });
  return {
    period: {
      key: period.key,
      label: period.label,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
    },
    previous: { key: previous.key, label: previous.label },
    cluster,
    days,
    tiles,
    attention: mergeAttention(attentionFromKpis(nowKpis), items),
    generatedAt: now.toISOString(),
  };
}
