// The executive report as data (pure): figures against targets and the previous period, the summary,
// trends, risks and incidents. Pages, CSV, PDF and frozen snapshots all render this one object.
import type { Kpis } from "@/lib/kpi/compute";
import { seriesOf } from "@/lib/kpi/history";
import {
  METRICS,
  type MetricDef,
  type MetricKey,
  metricValue,
  type Target,
  type TargetStatus,
  type Targets,
  targetStatus,
} from "@/lib/kpi/targets";
import { type DrillScope, drillHref } from "./drill";
import { daysOf, type Period } from "./period";
import type { ReportContribution, ReportHeatCell, ReportIncident, ReportRisk } from "./registry";
import { type Sentence, summarise } from "./summary";

export const TREND_KEYS = [
  "rotationOnSchedule.percent",
  "mtlsCoverage.percent",
  "mtlsCoverage.crossClusterPercent",
  "mttd.medianSeconds",
  "timeToContainment.medianSeconds",
  "certificates.expired",
  "certificates.expiring30d",
] as const;

export interface ReportFigure {
  key: MetricKey;
  label: string;
  plain: string;
  unit: MetricDef["unit"];
  direction: MetricDef["direction"];
  current: number | null;
  previous: number | null;
  change: number | null;
  target: Target | null;
  status: TargetStatus;
  href: string;
}

export interface PeriodRef {
  key: string;
  label: string;
  from: string;
  to: string;
}

export interface ExecutiveReport {
  version: 1;
  generatedAt: string;
  period: PeriodRef;
  previous: PeriodRef;
  cluster: string | null;
  figures: ReportFigure[];
  kpis: { current: Kpis; previous: Kpis };
  summary: Sentence[];
  /** What needs a decision or attention, leading the summary (absent in reports frozen before it existed). */
  attention?: Sentence[];
  /** The organisation named on the cover (admin setting). */
  organisation?: string | null;
  /** Demo data was loaded when the report was generated. */
  demo?: boolean;
  heatMap: ReportHeatCell[];
  /** What the heat map counts, by status. */
  riskCounts?: Record<string, number>;
  riskLevels?: { key: string; name: string; color: string }[];
  topRisks: ReportRisk[];
  incidents: ReportIncident[];
  trends: { days: string[]; series: Record<string, (number | null)[]> };
}

export interface AssembleInput {
  period: Period;
  previous: Period;
  cluster: string | null;
  now: Date;
  current: Kpis;
  before: Kpis;
  targets: Targets;
  snapshots: { day: string; data: Kpis }[];
  contribution: ReportContribution;
  organisation?: string | null;
  demo?: boolean;
}

const ref = (p: Period): PeriodRef => ({
  key: p.key,
  label: p.label,
  from: p.from.toISOString(),
  to: p.to.toISOString(),
});

/** The query string that links evidence to the same period and cluster. */
export function reportQuery(periodKey: string, cluster: string | null): string {
  const q = new URLSearchParams({ period: periodKey });
  if (cluster) q.set("cluster", cluster);
  return `?${q.toString()}`;
}

/** A metric in this period and the one before, its target, and how this period stands against it. */
export function compareMetric(key: MetricKey, current: Kpis, before: Kpis, targets: Targets) {
  const value = metricValue(current, key);
  const target = targets[key] ?? null;
  return {
    current: value,
    previous: metricValue(before, key),
    target,
    status: targetStatus(value, target ?? undefined),
  };
}

export function assembleReport(i: AssembleInput): ExecutiveReport {
  const drill: DrillScope = {
    from: i.period.from.toISOString(),
    to: new Date(Math.min(i.period.to.getTime(), i.now.getTime())).toISOString(),
    cluster: i.cluster,
  };
  const figures: ReportFigure[] = (METRICS as readonly MetricDef[]).map((m) => {
    const { current, previous, target, status } = compareMetric(m.key, i.current, i.before, i.targets);
    return {
      key: m.key,
      label: m.label,
      plain: m.plain,
      unit: m.unit,
      direction: m.direction,
      current,
      previous,
      change: current !== null && previous !== null ? current - previous : null,
      target,
      status,
      href: drillHref(m.key, drill),
    };
  });
  const query = reportQuery(i.period.key, i.cluster);
  const summary = summarise({
    figures: figures.map((f) => ({
      key: f.key,
      current: f.current,
      previous: f.previous,
      target: f.target ?? undefined,
    })),
    causes: i.contribution.causes,
    incidents: i.contribution.incidents
      ? i.contribution.incidents.length
      : i.current.mttd.n + (i.current.mttd.excluded ?? 0),
    query,
    hrefFor: (key) => drillHref(key, drill),
  });
  const end = new Date(Math.min(i.period.to.getTime(), i.now.getTime()));
  const days = daysOf(i.period.from, end);
  const series: Record<string, (number | null)[]> = {};
  for (const k of TREND_KEYS) series[k] = seriesOf(i.snapshots, k, days).map((p) => p.value);
  const topRisks = [...(i.contribution.topRisks ?? [])].sort((a, b) => b.score - a.score).slice(0, 5);
  return {
    version: 1,
    generatedAt: i.now.toISOString(),
    period: ref(i.period),
    previous: ref(i.previous),
    cluster: i.cluster,
    figures,
    kpis: { current: i.current, previous: i.before },
    summary,
    attention: [...(i.contribution.attention ?? [])]
      .sort((a, b) => a.rank - b.rank)
      .map((a) => ({ text: a.text, href: `${a.href}`, metric: null, tone: "bad" as const })),
    organisation: i.organisation ?? null,
    demo: i.demo ?? false,
    heatMap: i.contribution.heatMap ?? [],
    riskCounts: i.contribution.riskCounts ?? {},
    riskLevels: i.contribution.riskLevels ?? [],
    topRisks,
    incidents: i.contribution.incidents ?? [],
    trends: { days, series },
  };
}
