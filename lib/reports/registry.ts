import "server-only";
import type { MetricKey } from "@/lib/kpi/targets";
import type { Severity } from "@/lib/severity";

// Hooks the domains fill so the overview and the executive report show their lists (issue 8).
// Until a domain registers, its list is empty and the pages still render from the KPI figures alone.
// Registration is a side-effect import, like lib/kpi/sections.ts: a domain calls
//   registerAttentionProvider("incidents", async ({ cluster, now }) => [...])
//   registerReportSection("risks", async ({ from, to, cluster, now }) => ({ topRisks, heatMap }))
// in a file of its own folder that lib/reports/sections.ts imports.

export interface AttentionScope {
  cluster: string | null;
  now: Date;
}

/** Something an operator should act on now, with the link to the place to act. */
export interface AttentionItem {
  /** e.g. "incident", "rotation-overdue", "plaintext-edge", "risk-above-appetite", "review-overdue". */
  kind: string;
  title: string;
  detail?: string;
  href: string;
  severity: Severity;
  /** When it started or became due (ISO-8601), for ordering. */
  at?: string;
}

export type AttentionProvider = (scope: AttentionScope) => Promise<AttentionItem[]>;

export interface ReportScope {
  from: Date;
  to: Date;
  cluster: string | null;
  now: Date;
}

export interface ReportRisk {
  id: string;
  title: string;
  owner: string | null;
  treatment: string | null;
  status: string;
  /** Residual (current) score and level. */
  likelihood: number;
  impact: number;
  score: number;
  level: string;
  href: string;
}

export interface ReportIncident {
  id: string;
  title: string;
  severity: string;
  cluster: string | null;
  detectedAt: string;
  mttdSeconds: number | null;
  containmentSeconds: number | null;
  status: string;
  href: string;
}

/**
 * A sentence for the top of the executive summary: something that needs a decision or attention, naming
 * the records behind it. `rank` orders them across domains (lower first).
 */
export interface ReportAttention {
  kind: string;
  text: string;
  href: string;
  rank: number;
}

/** One cell of the residual heat map, with the level and colour of the configured risk matrix. */
export interface ReportHeatCell {
  likelihood: number;
  impact: number;
  count: number;
  level?: string;
  color?: string;
}

/** What a domain may add to an executive report; every part optional. */
export interface ReportContribution {
  /** Residual heat map: count of risks that are not closed, per likelihood × impact (1–5 each). */
  heatMap?: ReportHeatCell[];
  /** What the heat map counts, by status (open, treating, accepted). */
  riskCounts?: Record<string, number>;
  /** The matrix levels, least severe first, for the heat map's legend. */
  riskLevels?: { key: string; name: string; color: string }[];
  /** Sentences that lead the summary. */
  attention?: ReportAttention[];
  /** The highest-scored open risks (the report keeps the first 5 by score). */
  topRisks?: ReportRisk[];
  /** Incidents detected in the period. */
  incidents?: ReportIncident[];
  /** Why a figure moved, in plain words, finishing the sentence "…, because <cause>." */
  causes?: Partial<Record<MetricKey, string>>;
}

export type ReportSection = (scope: ReportScope) => Promise<ReportContribution>;

const attention = new Map<string, AttentionProvider>();
const sections = new Map<string, ReportSection>();

export function registerAttentionProvider(name: string, fn: AttentionProvider): void {
  attention.set(name, fn);
}

export function registerReportSection(name: string, fn: ReportSection): void {
  sections.set(name, fn);
}

export function attentionProviders(): [string, AttentionProvider][] {
  return [...attention.entries()];
}

export function reportSections(): [string, ReportSection][] {
  return [...sections.entries()];
}
