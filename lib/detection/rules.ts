// Every detection rule Posture runs, as its detector defines it: the one list that rule settings,
// GET /api/v1/findings/rules, the Findings page and validation of the settings PUT read. A detector's
// findings carry exactly these ids, so a setting always reaches the findings it names.
import { CERTIFICATE_RULES } from "@/lib/certificates/rules";
import { MESH_RULES } from "@/lib/telemetry/rules";
import { DENY_SPIKE_RULE } from "./deny-spike";
import type { DetectionRule } from "./rule-types";

export type { DetectionRule } from "./rule-types";

export const DETECTION_RULES: readonly DetectionRule[] = [
  ...MESH_RULES,
  ...CERTIFICATE_RULES,
  DENY_SPIKE_RULE,
];

export function detectionRule(id: string): DetectionRule | undefined {
  return DETECTION_RULES.find((r) => r.id === id);
}

export function ruleLabel(id: string): string {
  return detectionRule(id)?.label ?? id;
}
