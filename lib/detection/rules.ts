// Posture's detection rules, by the ids findings carry. Other domains' rules use these ids.
export const DETECTION_RULES = [
  { id: "plaintext-cross-cluster", label: "Plaintext cross-cluster traffic" },
  { id: "expired-certificate", label: "Expired certificate still served or reported" },
  { id: "missed-rotation", label: "Missed or overdue rotation" },
  { id: "unknown-trust-domain", label: "Identity from an unknown trust domain" },
  { id: "deny-spike", label: "Deny spike for a source/destination pair" },
] as const;

export function ruleLabel(id: string): string {
  return DETECTION_RULES.find((r) => r.id === id)?.label ?? id;
}
