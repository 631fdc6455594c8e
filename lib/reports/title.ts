import type { ExecutiveReport } from "./assemble";

export function reportTitle(r: Pick<ExecutiveReport, "period" | "cluster">): string {
  return `Security posture report — ${r.period.label}${r.cluster ? ` — ${r.cluster}` : ""}`;
}
