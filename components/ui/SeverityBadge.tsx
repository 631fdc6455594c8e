import { severityTone } from "@/lib/severity";

/** A severity level as a coloured badge (the tone comes from lib/severity.ts, the same on every page). */
export function SeverityBadge({ s }: { s: string }) {
  return <span className={`badge ${severityTone(s)}`.trim()}>{s}</span>;
}
