import "server-only";
import type { KpiScope } from "./window";

/**
 * GET /api/v1/kpis is assembled from sections, one per domain (docs/kpis.md). Each domain registers the
 * function that computes its part (lib/kpi/sections.ts imports them); until it does, the part keeps the
 * documented shape with null/zero values, so the public shape never changes.
 */
export type KpiSection = (scope: KpiScope) => Promise<Record<string, unknown>>;

const sections: KpiSection[] = [];

export function registerKpiSection(fn: KpiSection): void {
  sections.push(fn);
}

export function kpiSections(): KpiSection[] {
  return sections;
}
