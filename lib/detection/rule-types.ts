// What a detector says about each rule it runs: the id its findings carry, and how people see it.
import type { Severity } from "@/lib/severity";

/** The one severity scale (lib/severity.ts) under the name rule definitions use. */
export type RuleSeverity = Severity;

export interface DetectionRule {
  /** The id findings of this rule carry (finding.rule) and settings are keyed by. */
  id: string;
  label: string;
  /** The severity its findings get (the highest, where it depends on the case). */
  severity: RuleSeverity;
  /** What makes it fire and what its startedAt is, in a sentence or two. */
  description: string;
}
