import "server-only";
import { computeKpis, type Kpis } from "@/lib/kpi/compute";
import { ALL, readSnapshots } from "@/lib/kpi/snapshots";
import { getTargets } from "@/lib/kpi/targets-store";
import { assembleReport, type ExecutiveReport } from "./assemble";
import { demoLoaded, getOrganisation } from "./organisation";
import { effectiveNow, parsePeriod, previousPeriod } from "./period";
import { type ReportContribution, reportSections } from "./registry";
import "./sections";

/** Runs every registered report section; a failing one is logged and left out, never the whole report. */
export async function gatherContributions(scope: {
  from: Date;
  to: Date;
  cluster: string | null;
  now: Date;
}): Promise<ReportContribution> {
  const out: Required<ReportContribution> = {
    heatMap: [],
    riskCounts: {},
    riskLevels: [],
    attention: [],
    topRisks: [],
    incidents: [],
    causes: {},
  };
  const parts = await Promise.all(
    reportSections().map(([name, fn]) =>
      fn(scope).catch((e) => {
        console.error(`[reports] section ${name} failed`, e);
        return {} as ReportContribution;
      }),
    ),
  );
  for (const p of parts) {
    out.heatMap.push(...(p.heatMap ?? []));
    out.riskLevels.push(...(p.riskLevels ?? []));
    out.attention.push(...(p.attention ?? []));
    Object.assign(out.riskCounts, p.riskCounts ?? {});
    out.topRisks.push(...(p.topRisks ?? []));
    out.incidents.push(...(p.incidents ?? []));
    Object.assign(out.causes, p.causes ?? {});
  }
  return out;
}

function cleanCluster(raw: string | null | undefined): string | null {
  const c = raw?.trim();
  return c ? c.slice(0, 200) : null;
}

/** What the overview and the report are asked for: the period, the one before it, and the cluster. */
export interface ReportRequest {
  period: string | null;
  cluster: string | null;
  now?: Date;
}

export function reportWindow(opts: ReportRequest) {
  const now = opts.now ?? new Date();
  const period = parsePeriod(opts.period, now);
  return { now, period, previous: previousPeriod(period), cluster: cleanCluster(opts.cluster) };
}

/** The KPI figures of the period and of the one before it, each as of its end (or now while running). */
export function kpisOfBoth(w: ReturnType<typeof reportWindow>): Promise<[Kpis, Kpis]> {
  const { now, period, previous, cluster } = w;
  return Promise.all([
    computeKpis({
      from: period.from,
      to: period.to,
      cluster,
      now: effectiveNow(period, now),
      computedAt: now,
    }),
    computeKpis({
      from: previous.from,
      to: previous.to,
      cluster,
      now: effectiveNow(previous, now),
      computedAt: now,
    }),
  ]);
}

export async function buildExecutiveReport(opts: ReportRequest): Promise<ExecutiveReport> {
  const w = reportWindow(opts);
  const { now, period, previous, cluster } = w;
  const asOf = effectiveNow(period, now);
  const [[current, before], targets, snapshots, contribution, organisation, demo] = await Promise.all([
    kpisOfBoth(w),
    getTargets(),
    readSnapshots(cluster ?? ALL, period.from, period.to),
    gatherContributions({ from: period.from, to: period.to, cluster, now: asOf }),
    getOrganisation(),
    demoLoaded(),
  ]);
  return assembleReport({
    period,
    previous,
    cluster,
    now,
    current,
    before,
    targets,
    snapshots,
    contribution,
    organisation,
    demo,
  });
}
