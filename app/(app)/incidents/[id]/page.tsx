import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentTimelineChart, type TimelinePoint } from "@/components/charts/incidents-timeline";
import { ActionForm } from "@/components/incidents/ActionForm";
import { StatusBadge } from "@/components/incidents/badges";
import { PageHeader } from "@/components/ui/PageHeader";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { formatDuration, formatTime, incidentSubject, toLocalInput } from "@/lib/incidents/format";
import { getIncident, type IncidentDetail } from "@/lib/incidents/queries";
import { incidentAction, patchIncidentAction } from "../actions";

export const metadata: Metadata = { title: "Incident" };

const TIMELINE_LABEL: Record<string, string> = {
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
  "evidence.linked": "Evidence linked",
  "evidence.unlinked": "Evidence unlinked",
  updated: "Details changed",
};

function describeEvent(e: IncidentDetail["timeline"][number]): string {
  const d = e.data as Record<string, unknown>;
  const t = (v: unknown) => (v ? formatTime(String(v)) : "—");
  switch (e.kind) {
    case "status":
      return `${d.from} → ${d.to}${d.at ? ` at ${t(d.at)}` : ""}`;
    case "note":
      return String(d.text ?? "");
    case "correction":
      return `${d.field}: ${t(d.from)} → ${d.automatic ? "automatic" : t(d.to)}`;
    case "started.changed":
      return `${t(d.to)} (${d.confidence})`;
    case "detected.changed":
      return `${t(d.from)} → ${t(d.to)}`;
    case "contained.auto":
      return `at ${t(d.at)} (estimated: latest endsAt)`;
    case "alert.joined":
    case "alert.resolved":
      return String(d.alertname ?? "");
    case "evidence.linked":
    case "evidence.unlinked":
      return `${d.count ?? 1} item(s)${d.summary ? `: ${d.summary}` : ""} (${d.origin})`;
    case "opened":
      return `from ${d.origin}: ${d.title ?? ""}`;
    case "finding.escalated":
      return `${d.title ?? d.rule}${d.automatic ? " (automatic)" : ""}`;
    case "updated":
      return Object.entries(d)
        .map(
          ([k, v]) => `${k}: ${(v as { from: unknown }).from ?? "—"} → ${(v as { to: unknown }).to ?? "—"}`,
        )
        .join("; ");
    default:
      return "";
  }
}

function Clock({ label, at, note }: { label: string; at: Date | null; note?: string }) {
  return (
    <div>
      <div className="small muted">{label}</div>
      <div>{formatTime(at)}</div>
      {note && <div className="small muted">{note}</div>}
    </div>
  );
}

async function IncidentPage({ params }: { params: Promise<{ id: string }> }, user: Principal) {
  const { id } = await params;
  let d: IncidentDetail;
  try {
    d = await getIncident(id);
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  }
  const { incident: inc } = d;
  const operator = can(user.role, "operate");
  const points: TimelinePoint[] = [
    ...d.evidence
      .filter((e) => e.active)
      .map((e) => ({
        lane: "evidence" as const,
        t: new Date(e.occurredAt).getTime(),
        label: `${e.kind}: ${e.summary}`,
      })),
    ...d.alerts.flatMap((a) => [
      { lane: "alerts" as const, t: new Date(a.startsAt).getTime(), label: `${a.alertname} starts` },
      ...(a.status === "resolved" && a.endsAt
        ? [{ lane: "alerts" as const, t: new Date(a.endsAt).getTime(), label: `${a.alertname} resolved` }]
        : []),
    ]),
    { lane: "clock", t: inc.detectedAt.getTime(), label: "detected" },
    ...(inc.startedAt
      ? [{ lane: "clock" as const, t: inc.startedAt.getTime(), label: `started (${inc.startedConfidence})` }]
      : []),
    ...(inc.containedAt
      ? [
          {
            lane: "clock" as const,
            t: inc.containedAt.getTime(),
            label: `contained (${inc.containedConfidence})`,
          },
        ]
      : []),
  ];
  const next =
    inc.status === "open"
      ? ["acknowledge", "contain", "resolve"]
      : inc.status === "acknowledged"
        ? ["contain", "resolve"]
        : inc.status === "contained"
          ? ["resolve"]
          : [];

  return (
    <>
      <PageHeader
        title={`#${inc.number} ${inc.title}`}
        subtitle={
          <>
            <StatusBadge s={inc.status} /> <SeverityBadge s={inc.severity} />{" "}
            {inc.demo && <span className="badge warn">demo</span>}{" "}
            <span className="mono small">{incidentSubject(inc)}</span> · opened from {inc.origin} · owner{" "}
            {inc.owner ?? "nobody"}
          </>
        }
        actions={<Link href="/incidents">← All incidents</Link>}
      />
      <div className="stack">
        {inc.problems.length > 0 && (
          <p className="card" role="alert">
            <span className="badge bad">clock error</span> This incident is {inc.problems.join(" and ")}; its
            negative durations are reported as data errors and left out of the KPIs. Correct the timestamps
            below.
          </p>
        )}
        <section className="card" aria-label="Clock">
          <div className="grid grid-4">
            <div className="tile">
              <div className="label">MTTD</div>
              <div className="value">{formatDuration(inc.mttdSeconds)}</div>
              <div className="sub">
                start {inc.startedConfidence}
                {inc.startedManual ? " (set by hand)" : ""}
              </div>
            </div>
            <div className="tile">
              <div className="label">Time to contain</div>
              <div className="value">{formatDuration(inc.containSeconds)}</div>
              <div className="sub">
                {inc.containedAt
                  ? `${inc.containedConfidence}${inc.containedManual ? " (set by hand)" : ""}`
                  : "not contained"}
              </div>
            </div>
            <div className="tile">
              <div className="label">Time to resolve</div>
              <div className="value">{formatDuration(inc.resolveSeconds)}</div>
              <div className="sub">{inc.resolvedAt ? "resolved by an operator" : "not resolved"}</div>
            </div>
            <div className="tile">
              <div className="label">Linked</div>
              <div className="value">{d.evidence.filter((e) => e.active).length}</div>
              <div className="sub">
                evidence · {d.alerts.length} alerts · {d.findings.length} findings
              </div>
            </div>
          </div>
          <div className="grid grid-4" style={{ marginTop: 16 }}>
            <Clock label="Started" at={inc.startedAt} note={inc.startedConfidence} />
            <Clock
              label="Detected"
              at={inc.detectedAt}
              note={
                inc.detectedManual
                  ? "set by hand"
                  : inc.origin === "alert"
                    ? "earliest alert startsAt"
                    : undefined
              }
            />
            <Clock label="Acknowledged" at={inc.acknowledgedAt} />
            <Clock label="Contained" at={inc.containedAt} note={inc.containedConfidence ?? undefined} />
            <Clock label="Resolved" at={inc.resolvedAt} />
            <div>
              <div className="small muted">Automatic evidence window</div>
              <div className="small">
                {formatTime(inc.evidenceWindow.from)} – {formatTime(inc.evidenceWindow.to)}
              </div>
            </div>
          </div>
        </section>

        <section className="card">
          <h2>Timeline</h2>
          <IncidentTimelineChart
            points={points}
            markers={{
              startedAt: inc.startedAt?.getTime() ?? null,
              detectedAt: inc.detectedAt.getTime(),
              containedAt: inc.containedAt?.getTime() ?? null,
              resolvedAt: inc.resolvedAt?.getTime() ?? null,
            }}
          />
          <div className="sr-only">
            <table>
              <caption>Timeline points (UTC)</caption>
              <tbody>
                {points
                  .sort((a, b) => a.t - b.t)
                  .map((p) => (
                    <tr key={`${p.lane}-${p.t}-${p.label}`}>
                      <td>{formatTime(new Date(p.t))}</td>
                      <td>{p.lane}</td>
                      <td>{p.label}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>

        <div className="grid grid-2">
          <section className="card">
            <h2>Alerts</h2>
            {d.alerts.length === 0 ? (
              <p className="muted">
                No alerts: this incident was opened {inc.origin === "finding" ? "from a finding" : "by hand"}.
              </p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Alert</th>
                      <th>Status</th>
                      <th>Starts</th>
                      <th>Ends</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.alerts.map((a) => (
                      <tr key={a.id}>
                        <td>
                          {a.alertname}
                          <div className="small muted">{a.summary}</div>
                        </td>
                        <td>
                          <span className={`badge ${a.status === "resolved" ? "ok" : "bad"}`}>
                            {a.status}
                          </span>
                        </td>
                        <td className="small">{formatTime(a.startsAt)}</td>
                        <td className="small">
                          {a.status === "resolved" ? (
                            formatTime(a.endsAt)
                          ) : (
                            <span
                              className="muted"
                              title="A firing alert's endsAt is provisional and never counts"
                            >
                              provisional
                            </span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {d.findings.length > 0 && (
              <>
                <h3 style={{ marginTop: 16 }}>Findings</h3>
                <ul>
                  {d.findings.map((f) => (
                    <li key={f.id}>
                      {f.title}{" "}
                      <span className="small muted">
                        ({f.rule}, detected {formatTime(f.detectedAt)})
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section className="card">
            <h2>Evidence</h2>
            {d.evidence.length === 0 ? (
              <p className="muted">
                Nothing linked. Evidence of the same cluster, namespace and workload within 30 minutes before
                detection links itself.
              </p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>When</th>
                      <th>What</th>
                      <th>Link</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.evidence.map((e) => (
                      <tr key={e.id} style={e.active ? undefined : { opacity: 0.55 }}>
                        <td className="small">{formatTime(e.occurredAt)}</td>
                        <td>
                          <span className="badge">{e.kind}</span> {e.summary}
                        </td>
                        <td className="small">
                          {e.active ? e.origin : "unlinked"}
                          {operator && (
                            <ActionForm
                              action={incidentAction}
                              label={`${e.active ? "Unlink" : "Link"} ${e.summary}`}
                              submit={e.active ? "Unlink" : "Link again"}
                              danger={e.active}
                            >
                              <input type="hidden" name="id" value={inc.id} />
                              <input type="hidden" name="action" value={e.active ? "unlink" : "link"} />
                              <input type="hidden" name="evidenceId" value={e.id} />
                            </ActionForm>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {operator && d.candidates.length > 0 && (
              <details style={{ marginTop: 12 }}>
                <summary>
                  Link other evidence of {inc.cluster ?? "this cluster"} (±2 h, {d.candidates.length})
                </summary>
                <ActionForm action={incidentAction} label="Link evidence" submit="Link">
                  <input type="hidden" name="id" value={inc.id} />
                  <input type="hidden" name="action" value="link" />
                  <div className="field">
                    <label htmlFor="link-ev">Evidence</label>
                    <select id="link-ev" name="evidenceId" style={{ width: "100%" }}>
                      {d.candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {formatTime(c.occurredAt)} · {c.kind} · {c.namespace ?? "—"}/{c.workload ?? "—"} ·{" "}
                          {c.summary.slice(0, 80)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="link-reason">Why</label>
                    <input id="link-reason" name="reason" style={{ width: "100%" }} />
                  </div>
                </ActionForm>
              </details>
            )}
          </section>
        </div>

        {operator && (
          <section className="card no-print" aria-label="Actions">
            <h2>Actions</h2>
            <div className="grid grid-3">
              <div>
                <h3>Status</h3>
                {next.length === 0 ? (
                  <p className="muted small">Resolved. Correct its timestamps below if needed.</p>
                ) : (
                  <ActionForm action={incidentAction} label="Change status" submit="Apply">
                    <input type="hidden" name="id" value={inc.id} />
                    <div className="field">
                      <label htmlFor="st-action">Move to</label>
                      <select id="st-action" name="action" style={{ width: "100%" }}>
                        {next.map((a) => (
                          <option key={a} value={a}>
                            {a}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor="st-at">At (UTC)</label>
                      <input id="st-at" name="at" type="datetime-local" step={1} style={{ width: "100%" }} />
                      <div className="hint">empty = now</div>
                    </div>
                    <div className="field">
                      <label htmlFor="st-reason">Why</label>
                      <input id="st-reason" name="reason" style={{ width: "100%" }} />
                    </div>
                  </ActionForm>
                )}
              </div>
              <div>
                <h3>Correct a timestamp</h3>
                <ActionForm action={incidentAction} label="Correct a timestamp" submit="Correct">
                  <input type="hidden" name="id" value={inc.id} />
                  <input type="hidden" name="action" value="correct" />
                  <div className="field">
                    <label htmlFor="c-field">Field</label>
                    <select id="c-field" name="field" style={{ width: "100%" }}>
                      {["startedAt", "detectedAt", "acknowledgedAt", "containedAt", "resolvedAt"].map((f) => (
                        <option key={f}>{f}</option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="c-value">New value (UTC)</label>
                    <input
                      id="c-value"
                      name="value"
                      type="datetime-local"
                      step={1}
                      defaultValue={toLocalInput(inc.startedAt)}
                      style={{ width: "100%" }}
                    />
                    <div className="hint">
                      empty = back to the automatic rule (start, detection, containment)
                    </div>
                  </div>
                  <div className="field">
                    <label htmlFor="c-conf">Confidence (start only)</label>
                    <select id="c-conf" name="confidence" defaultValue="observed" style={{ width: "100%" }}>
                      <option>observed</option>
                      <option>estimated</option>
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="c-reason">Why (required)</label>
                    <input id="c-reason" name="reason" required minLength={3} style={{ width: "100%" }} />
                  </div>
                </ActionForm>
              </div>
              <div>
                <h3>Note</h3>
                <ActionForm action={incidentAction} label="Add a note" submit="Add note">
                  <input type="hidden" name="id" value={inc.id} />
                  <input type="hidden" name="action" value="note" />
                  <div className="field">
                    <label htmlFor="note-text">Note</label>
                    <textarea id="note-text" name="text" required rows={3} style={{ width: "100%" }} />
                  </div>
                </ActionForm>
                <h3 style={{ marginTop: 12 }}>Details</h3>
                <ActionForm action={patchIncidentAction} label="Edit details" submit="Save">
                  <input type="hidden" name="id" value={inc.id} />
                  <div className="field">
                    <label htmlFor="p-owner">Owner</label>
                    <input
                      id="p-owner"
                      name="owner"
                      defaultValue={inc.owner ?? ""}
                      style={{ width: "100%" }}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="p-sev">Severity</label>
                    <select id="p-sev" name="severity" defaultValue={inc.severity} style={{ width: "100%" }}>
                      {["critical", "high", "medium", "low", "info"].map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </div>
                </ActionForm>
              </div>
            </div>
          </section>
        )}

        <section className="card">
          <h2>History</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>What</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {d.timeline.map((e) => (
                  <tr key={e.id}>
                    <td className="small">{formatTime(e.at)}</td>
                    <td className="small">{e.actorLabel ?? e.actorType}</td>
                    <td>
                      <strong>{TIMELINE_LABEL[e.kind] ?? e.kind}</strong>{" "}
                      <span className="small">{describeEvent(e)}</span>
                    </td>
                    <td className="small">{e.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

export default securePage("read", IncidentPage);
