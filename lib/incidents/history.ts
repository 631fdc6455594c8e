// An incident's history for people: each timeline row with the time the thing happened (a status set "at"
// a past time, an alert that started before it joined, a containment estimated from the alerts' endsAt)
// beside the time it was recorded, and the milestones of its clock for the time axis. Pure.
import { formatInstant, UTC } from "@/lib/time/zone";

export interface TimelineRow {
  id: string;
  /** When the row was recorded. */
  at: Date;
  kind: string;
  actorType: string;
  actorLabel: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export interface HistoryEntry extends TimelineRow {
  /** When it happened (what the row says), else when it was recorded. */
  happenedAt: Date;
  label: string;
  detail: string;
}

export const TIMELINE_LABEL: Record<string, string> = {
  opened: "Opened",
  "alert.joined": "Alert joined",
  "alert.resolved": "Alert resolved",
  "finding.escalated": "Finding escalated",
  status: "Status changed",
  "detected.changed": "Detection time changed",
  "started.changed": "Start changed",
  "contained.auto": "Contained (all alerts resolved)",
  "contained.cleared": "Containment cleared",
  correction: "Timestamp corrected",
  note: "Note",
  "evidence.linked": "Evidence added",
  "evidence.unlinked": "Evidence removed",
  updated: "Details changed",
};

const dateOf = (v: unknown): Date | null => {
  if (typeof v !== "string" && !(v instanceof Date)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The time a row's event happened: the row's own data where it names one, else the recording time. */
export function happenedAt(e: TimelineRow, alertEnds: ReadonlyMap<string, Date | null> = new Map()): Date {
  const d = e.data;
  switch (e.kind) {
    // An incident opens at the detection time it was opened with (a late webhook or a replay records it later).
    case "opened":
      return dateOf(d.detectedAt) ?? e.at;
    case "status":
    case "contained.auto":
      return dateOf(d.at) ?? e.at;
    case "alert.joined":
      return dateOf(d.startsAt) ?? e.at;
    case "alert.resolved":
      return alertEnds.get(String(d.alertId)) ?? e.at;
    default:
      return e.at;
  }
}

/** What a row says, with the times it names in the display zone (the table header names the zone). */
export function describeEvent(
  e: TimelineRow,
  ruleLabel: (id: string) => string = (id) => id,
  zone: string = UTC,
): string {
  const d = e.data;
  const t = (v: unknown) => (v ? formatInstant(String(v), zone, { seconds: true }) : "—");
  switch (e.kind) {
    case "status":
      return `${d.from} → ${d.to}`;
    case "note":
      return String(d.text ?? "");
    case "correction":
      return `${d.field}: ${t(d.from)} → ${d.automatic ? "automatic" : t(d.to)}`;
    case "started.changed":
      return `${t(d.to)} (${d.confidence})`;
    case "detected.changed":
      return `${t(d.from)} → ${t(d.to)}`;
    case "contained.auto":
      return "estimated from the latest alert endsAt";
    case "alert.joined":
    case "alert.resolved":
      return String(d.alertname ?? "");
    case "evidence.linked":
    case "evidence.unlinked":
      return `${d.count ?? 1} item(s)${d.summary ? `: ${d.summary}` : ""} (${d.origin})`;
    case "opened":
      return `from ${d.origin}: ${d.title ?? ""}`;
    case "finding.escalated":
      return `${d.title ?? ruleLabel(String(d.rule))}${d.automatic ? " (automatic)" : ""}`;
    case "updated":
      return Object.entries(d)
        .map(([k, v]) => {
          const c = v as { from?: unknown; to?: unknown };
          return `${k}: ${c.from ?? "—"} → ${c.to ?? "—"}`;
        })
        .join("; ");
    default:
      return "";
  }
}

/** The history, in the order things happened (recording order among equal times). */
export function historyEntries(
  rows: readonly TimelineRow[],
  alerts: readonly { id: string; endsAt: Date | null; status: string }[],
  ruleLabel?: (id: string) => string,
  zone: string = UTC,
): HistoryEntry[] {
  const ends = new Map(alerts.map((a) => [a.id, a.status === "resolved" ? a.endsAt : null]));
  return rows
    .map((e, i) => ({
      i,
      e: {
        ...e,
        happenedAt: happenedAt(e, ends),
        label: TIMELINE_LABEL[e.kind] ?? e.kind,
        detail: describeEvent(e, ruleLabel, zone),
      },
    }))
    .sort((a, b) => a.e.happenedAt.getTime() - b.e.happenedAt.getTime() || a.i - b.i)
    .map((x) => x.e);
}

export type Milestone = "started" | "detected" | "acknowledged" | "contained" | "resolved";

/** The clock's milestones that are set, in time order: the labelled marks of the time axis. */
export function milestones(inc: Record<`${Milestone}At`, Date | null>): { name: Milestone; at: Date }[] {
  return (["started", "detected", "acknowledged", "contained", "resolved"] as const)
    .flatMap((name) => {
      const at = inc[`${name}At`];
      return at ? [{ name, at }] : [];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** How long an incident has been open (detected → now), or took (detected → resolved). */
export function incidentAge(
  inc: { detectedAt: Date; resolvedAt: Date | null },
  now: Date,
): { seconds: number; open: boolean } {
  const end = inc.resolvedAt ?? now;
  return { seconds: Math.max(0, (end.getTime() - inc.detectedAt.getTime()) / 1000), open: !inc.resolvedAt };
}
