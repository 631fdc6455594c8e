// Which rules an event goes to (pure).
import type { Severity } from "@/lib/severity";
import { type EventType, severityAtLeast } from "./schema";

export interface RuleForMatch {
  id: string;
  events: string[];
  channelIds: string[];
  clusters: string[];
  namespaces: string[];
  minSeverity: string | null;
  daysAhead: number;
  enabled: boolean;
  createdAt: Date;
}

export interface EventForMatch {
  type: string;
  severity: string | null;
  cluster: string | null;
  namespace: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
}

/** Events older than this before a rule existed are history, not news, for that rule. */
export const RULE_HISTORY_GRACE_MS = 24 * 3600_000;

const EXPIRY_EVENTS: ReadonlySet<string> = new Set<EventType>([
  "certificate.expiring",
  "trust-anchor.expiring",
  "risk.acceptance-expiring",
]);

export function ruleMatches(rule: RuleForMatch, e: EventForMatch): boolean {
  if (!rule.enabled || !rule.events.includes(e.type)) return false;
  // A new rule does not replay everything that happened before it (no flood on creation), but an event
  // noticed late (the worker was down) still reaches the rules that existed when it happened.
  if (e.occurredAt.getTime() < rule.createdAt.getTime() - RULE_HISTORY_GRACE_MS) return false;
  if (e.createdAt.getTime() < rule.createdAt.getTime() - RULE_HISTORY_GRACE_MS) return false;
  if (rule.clusters.length) {
    const eventClusters = Array.isArray(e.data.clusters) ? (e.data.clusters as string[]) : [];
    const hit =
      (e.cluster && rule.clusters.includes(e.cluster)) ||
      eventClusters.some((c) => rule.clusters.includes(c));
    if (!hit) return false;
  }
  // A namespace-scoped rule is a team's subscription: events without a namespace are not theirs.
  if (rule.namespaces.length && !(e.namespace && rule.namespaces.includes(e.namespace))) return false;
  // The severity floor applies to events that carry a severity (incidents, findings, certificates, KPIs).
  if (e.severity && !severityAtLeast(e.severity, rule.minSeverity as Severity | null)) return false;
  if (EXPIRY_EVENTS.has(e.type) && Number(e.data.days) !== rule.daysAhead) return false;
  return true;
}
