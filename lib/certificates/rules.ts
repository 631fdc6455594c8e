// The certificate detector's rules (lib/certificates/detection.ts emits findings with these ids).
import type { DetectionRule } from "@/lib/detection/rule-types";

export const EXPIRED_RULE = {
  id: "certificate.expired-in-use",
  label: "Expired certificate still served or reported",
  severity: "high",
  description:
    "The current version of a certificate lineage is past its notAfter and still seen (served, scraped or reported). Starts at notAfter.",
} as const satisfies DetectionRule;

export const ROTATION_RULE = {
  id: "certificate.rotation-missed",
  label: "Missed or overdue rotation",
  severity: "high",
  description:
    "A lineage was not renewed by its renewal deadline and is still seen after it: high when missed (expired without a successor), medium when overdue. Starts at the deadline.",
} as const satisfies DetectionRule;

export const CERTIFICATE_RULES: readonly DetectionRule[] = [EXPIRED_RULE, ROTATION_RULE];
