// Display helpers for durations and incident subjects (pure; used by pages and charts). Instants are
// formatted by lib/time/zone.ts in the user's display zone.

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  const neg = seconds < 0;
  let s = Math.abs(seconds);
  let out: string;
  if (s < 90) out = `${Math.round(s)} s`;
  else if (s < 10 * 60) {
    const r = Math.round(s);
    out = `${Math.floor(r / 60)} min${r % 60 ? ` ${r % 60} s` : ""}`;
  } else if (s < 90 * 60) out = `${Math.round(s / 60)} min`;
  else if (s < 48 * 3600) {
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    out = `${h} h ${Math.round(s / 60)} min`;
  } else {
    const d = Math.floor(s / 86400);
    out = `${d} d ${Math.round((s - d * 86400) / 3600)} h`;
  }
  return neg ? `−${out}` : out;
}

/**
 * cluster/namespace/workload, or cluster/[namespace/]<alertname> <label>=<value> for an incident about a
 * node or scrape target (docs/incidents.md, "What an alert is about").
 */
export function incidentSubject(i: {
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  alertSubject?: string | null;
}): string {
  if (i.alertSubject)
    return [i.cluster ?? "—", ...(i.namespace ? [i.namespace] : []), i.alertSubject].join("/");
  return `${i.cluster ?? "—"}/${i.namespace ?? "—"}/${i.workload ?? "—"}`;
}
