// The Notifications page's four tables as DataTable columns (server side: cells render on the server).
import type { ReactNode } from "react";
import type { Column } from "@/components/ui/DataTable";
import type { ChannelView, DeliveryLogEntry, ReportMailView, RuleView } from "@/lib/notifications/queries";
import { EVENT_LABEL, type EventType } from "@/lib/notifications/schema";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { RowActions } from "./RowActions";

const API = "/api/v1/notifications";

/** An instant in the display zone; the column header names the zone. */
const at = (d: Date | string | null, zone: string) => (d ? formatInstant(d, zone) : "—");

const STATUS_TONE: Record<string, string> = { sent: "ok", failed: "bad", retrying: "warn" };
const statusBadge = (status: string) => (
  <span className={`badge ${STATUS_TONE[status] ?? ""}`}>{status}</span>
);

const named = (name: string, enabled: boolean) => (
  <>
    {name} {!enabled && <span className="badge">disabled</span>}
  </>
);

function target(kind: string, config: Record<string, unknown>): string {
  if (kind === "email") return ((config.to as string[]) ?? []).join(", ");
  if (typeof config.url === "string") return config.url;
  return `${String(config.host ?? "")} (URL stored encrypted)`;
}

/** The actions column, for admins only. */
function actions<T>(admin: boolean, cell: (row: T) => ReactNode): Column<T>[] {
  return admin ? [{ key: "actions", header: "Actions", cell }] : [];
}

export function channelColumns(admin: boolean, zone: string): Column<ChannelView>[] {
  return [
    { key: "name", header: "Name", cell: (c) => named(c.name, c.enabled) },
    {
      key: "kind",
      header: "Kind",
      cell: (c) => `${c.kind}${c.hasSecret && c.kind === "webhook" ? " · signed" : ""}`,
    },
    { key: "to", header: "Destination", className: "mono small", cell: (c) => target(c.kind, c.config) },
    { key: "rate", header: "Per minute", numeric: true, cell: (c) => c.ratePerMinute },
    {
      key: "last",
      header: `Last message (${zoneLabel(zone)})`,
      cell: (c) => (
        <>
          {c.lastStatus ? statusBadge(c.lastStatus) : "—"} {c.lastStatus ? at(c.lastAttemptAt, zone) : ""}
        </>
      ),
    },
    ...actions<ChannelView>(admin, (c) => (
      <RowActions
        base={`${API}/channels/${c.id}`}
        name={c.name}
        test
        enabled={c.enabled}
        editHref={`/notifications?editChannel=${c.id}#edit-channel`}
      />
    )),
  ];
}

export function ruleColumns(admin: boolean, channelName: Map<string, string>): Column<RuleView>[] {
  return [
    { key: "name", header: "Name", cell: (r) => named(r.name, r.enabled) },
    {
      key: "events",
      header: "Events",
      className: "small",
      cell: (r) => r.events.map((e) => EVENT_LABEL[e as EventType] ?? e).join(", "),
    },
    {
      key: "scope",
      header: "Scope",
      className: "small",
      cell: (r) =>
        [
          r.clusters.length ? r.clusters.join(", ") : "all clusters",
          ...(r.namespaces.length ? [r.namespaces.join(", ")] : []),
          ...(r.minSeverity ? [`≥ ${r.minSeverity}`] : []),
          `${r.daysAhead} days ahead`,
        ].join(" · "),
    },
    {
      key: "channels",
      header: "Channels",
      className: "small",
      cell: (r) => r.channelIds.map((id) => channelName.get(id) ?? "?").join(", "),
    },
    ...actions<RuleView>(admin, (r) => (
      <RowActions
        base={`${API}/rules/${r.id}`}
        name={r.name}
        enabled={r.enabled}
        editHref={`/notifications?editRule=${r.id}#edit-rule`}
      />
    )),
  ];
}

export function mailColumns(admin: boolean, zone: string): Column<ReportMailView>[] {
  return [
    { key: "name", header: "Name", cell: (m) => m.name },
    { key: "every", header: "Every", cell: (m) => `${m.cadence}${m.cluster ? ` · ${m.cluster}` : ""}` },
    { key: "to", header: "To", className: "small", cell: (m) => m.recipients.join(", ") },
    {
      key: "last",
      header: `Last sent (${zoneLabel(zone)})`,
      className: "small",
      cell: (m) => (
        <>
          {m.lastPeriod ? `${m.lastPeriod}, ${at(m.lastSentAt, zone)}` : "not yet"}
          {m.lastError && <div className="error">Last try failed: {m.lastError}</div>}
        </>
      ),
    },
    ...actions<ReportMailView>(admin, (m) => (
      <RowActions base={`${API}/report-mails/${m.id}`} name={m.name} />
    )),
  ];
}

export const deliveryColumns = (zone: string): Column<DeliveryLogEntry>[] => [
  {
    key: "at",
    header: `Created (${zoneLabel(zone)})`,
    className: "small stamp",
    cell: (m) => at(m.createdAt, zone),
  },
  { key: "channel", header: "Channel", cell: (m) => m.channel },
  {
    key: "msg",
    header: "Message",
    className: "small",
    cell: (m) => `${m.subject || "(composing)"}${m.kind === "digest" ? ` · digest of ${m.eventCount}` : ""}`,
  },
  {
    key: "status",
    header: "Status",
    cell: (m) => (
      <>
        {statusBadge(m.status)}
        {m.status === "retrying" && <div className="small muted">next {at(m.nextAttemptAt, zone)}</div>}
      </>
    ),
  },
  {
    key: "tries",
    header: `Attempts (${zoneLabel(zone)})`,
    className: "small",
    cell: (m) =>
      m.tries.length === 0
        ? "—"
        : m.tries.map((t) => (
            <div key={String(t.at)}>
              {at(t.at, zone)}:{" "}
              {t.ok ? `delivered${t.httpStatus ? ` (${t.httpStatus})` : ""}` : (t.error ?? "failed")} ·{" "}
              {t.durationMs} ms
            </div>
          )),
  },
];
