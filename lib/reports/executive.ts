import "server-only";
import { computeKpis } from "@/lib/kpi/compute";
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

export function cleanCluster(raw: string | null | undefined): string | null {
  const c = raw?.trim();
  return c ? c.slice(0, 200) : null;
}

export async function buildExecutiveReport(opts: {
  period: string | null;
  cluster: string | null;
  now?: Date;
}): Promise<ExecutiveReport> {
  const now = opts.now ?? new Date();
  const period = parsePeriod(opts.period, now);
  const previous = previousPeriod(period);
  const cluster = cleanCluster(opts.cluster);
  const asOf = effectiveNow(period, now);
  const [current, before, targets, snapshots, contribution, organisation, demo] = await Promise.all([
    computeKpis({ from: period.from, to: period.to, cluster, now: asOf, computedAt: now }),
    computeKpis({
      from: previous.from,
      to: previous.to,
      cluster,
      now: effectiveNow(previous, now),
      computedAt: now,
    }),
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
