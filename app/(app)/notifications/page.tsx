import type { Metadata } from "next";
import { ChannelForm } from "@/components/notifications/ChannelForm";
import { ReportMailForm } from "@/components/notifications/ReportMailForm";
import { RowActions } from "@/components/notifications/RowActions";
import { RuleForm } from "@/components/notifications/RuleForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { deliveryLog, listChannels, listReportMails, listRules } from "@/lib/notifications/queries";
import { EVENT_LABEL, type EventType } from "@/lib/notifications/schema";

export const metadata: Metadata = { title: "Notifications" };

const fmt = (d: Date | string | null) =>
  d ? `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";

function statusBadge(status: string) {
  const cls = status === "sent" ? "ok" : status === "failed" ? "bad" : status === "retrying" ? "warn" : "";
  return <span className={`badge ${cls}`}>{status}</span>;
}

function target(kind: string, config: Record<string, unknown>): string {
  if (kind === "email") return ((config.to as string[]) ?? []).join(", ");
  if (typeof config.url === "string") return config.url;
  return `${String(config.host ?? "")} (URL stored encrypted)`;
}

async function NotificationsPage(_props: unknown, me: Principal) {
  const admin = can(me.role, "admin");
  const [channels, rules, mails, log] = await Promise.all([
    listChannels(),
    listRules(),
    listReportMails(),
    deliveryLog({ limit: 100 }),
  ]);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="Where Posture tells people what happened: Slack, Teams, webhooks and e-mail, and scheduled reports"
      />
      <div className="stack">
        <section className="card">
          <h2>Channels</h2>
          {channels.length === 0 ? (
            <p className="muted">No channels yet.{admin ? " Add one below." : " An admin adds them."}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Kind</th>
                    <th>Destination</th>
                    <th>Per minute</th>
                    <th>Last message</th>
                    {admin && <th>Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {channels.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {c.name} {!c.enabled && <span className="badge">disabled</span>}
                      </td>
                      <td>
                        {c.kind}
                        {c.hasSecret && c.kind === "webhook" ? " · signed" : ""}
                      </td>
                      <td className="mono small">{target(c.kind, c.config)}</td>
                      <td>{c.ratePerMinute}</td>
                      <td>
                        {c.lastStatus ? statusBadge(c.lastStatus) : "—"} {fmt(c.lastAttemptAt)}
                      </td>
                      {admin && (
                        <td>
                          <RowActions
                            base={`/api/v1/notifications/channels/${c.id}`}
                            name={c.name}
                            test
                            enabled={c.enabled}
                          />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {admin && (
            <>
              <h3>Add a channel</h3>
              <ChannelForm />
            </>
          )}
        </section>

        <section className="card">
          <h2>Rules</h2>
          <p className="muted small">
            Which events go to which channels. Each event is sent once per rule and channel; what arrives
            while a channel is busy or at its limit goes out as one digest.
          </p>
          {rules.length === 0 ? (
            <p className="muted">No rules yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Events</th>
                    <th>Scope</th>
                    <th>Channels</th>
                    {admin && <th>Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {rules.map((r) => (
                    <tr key={r.id}>
                      <td>
                        {r.name} {!r.enabled && <span className="badge">disabled</span>}
                      </td>
                      <td className="small">
                        {r.events.map((e) => EVENT_LABEL[e as EventType] ?? e).join(", ")}
                      </td>
                      <td className="small">
                        {r.clusters.length ? r.clusters.join(", ") : "all clusters"}
                        {r.namespaces.length ? ` · ${r.namespaces.join(", ")}` : ""}
                        {r.minSeverity ? ` · ≥ ${r.minSeverity}` : ""}
                        {` · ${r.daysAhead} days ahead`}
                      </td>
                      <td className="small">
                        {r.channelIds.map((id) => channelName.get(id) ?? "?").join(", ")}
                      </td>
                      {admin && (
                        <td>
                          <RowActions
                            base={`/api/v1/notifications/rules/${r.id}`}
                            name={r.name}
                            enabled={r.enabled}
                          />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {admin && (
            <>
              <h3>Add a rule</h3>
              <RuleForm channels={channels.map((c) => ({ id: c.id, name: c.name }))} />
            </>
          )}
        </section>

        <section className="card">
          <h2>Scheduled report e-mails</h2>
          {mails.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Every</th>
                    <th>To</th>
                    <th>Last sent</th>
                    {admin && <th>Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {mails.map((m) => (
                    <tr key={m.id}>
                      <td>{m.name}</td>
                      <td>
                        {m.cadence}
                        {m.cluster ? ` · ${m.cluster}` : ""}
                      </td>
                      <td className="small">{m.recipients.join(", ")}</td>
                      <td className="small">
                        {m.lastPeriod ? `${m.lastPeriod}, ${fmt(m.lastSentAt)}` : "not yet"}
                        {m.lastError && <div className="error">Last try failed: {m.lastError}</div>}
                      </td>
                      {admin && (
                        <td>
                          <RowActions base={`/api/v1/notifications/report-mails/${m.id}`} name={m.name} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {admin && (
            <>
              <h3>Schedule a report e-mail</h3>
              <ReportMailForm />
            </>
          )}
        </section>

        <section className="card">
          <h2>Delivery log</h2>
          {log.length === 0 ? (
            <p className="muted">Nothing sent yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Channel</th>
                    <th>Message</th>
                    <th>Status</th>
                    <th>Attempts</th>
                  </tr>
                </thead>
                <tbody>
                  {log.map((m) => (
                    <tr key={m.id}>
                      <td className="small">{fmt(m.createdAt)}</td>
                      <td>{m.channel}</td>
                      <td className="small">
                        {m.subject || "(composing)"}
                        {m.kind === "digest" ? ` · digest of ${m.eventCount}` : ""}
                      </td>
                      <td>
                        {statusBadge(m.status)}
                        {m.status === "retrying" && (
                          <div className="small muted">next {fmt(m.nextAttemptAt)}</div>
                        )}
                      </td>
                      <td className="small">
                        {m.tries.length === 0
                          ? "—"
                          : m.tries.map((t) => (
                              <div key={String(t.at)}>
                                {fmt(t.at)}:{" "}
                                {t.ok
                                  ? `delivered${t.httpStatus ? ` (${t.httpStatus})` : ""}`
                                  : (t.error ?? "failed")}{" "}
                                · {t.durationMs} ms
                              </div>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", NotificationsPage);
