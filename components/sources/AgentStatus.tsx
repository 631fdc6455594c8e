// In-cluster agents (`posture agent`) on the Sources page: one row per agent (ingest token and cluster)
// from its latest heartbeat — is it heard from, when did it last deliver, what waits, what it dropped, and
// the state of each watch. Errors describe internal targets, so only operators see them.
import { type Column, DataTable } from "@/components/ui/DataTable";
import { formatDuration } from "@/lib/incidents/display";
import { type AgentRow, listAgents } from "@/lib/sources/agents";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

/** An agent sends a heartbeat every 30 s; after this long without one it is shown as silent. */
const SILENT_AFTER_MS = 5 * 60_000;

function heard(a: AgentRow, now: Date) {
  const age = (now.getTime() - a.receivedAt.getTime()) / 1000;
  const silent = age * 1000 > SILENT_AFTER_MS;
  return (
    <>
      <span className={`badge ${silent ? "bad" : "ok"}`}>{silent ? "silent" : "reporting"}</span>{" "}
      <span className="nowrap">{formatDuration(age)} ago</span>
    </>
  );
}

function delivery(a: AgentRow, showErrors: boolean, zone: string) {
  const s = a.status;
  return (
    <>
      {s.lastPushAt ? formatInstant(s.lastPushAt, zone, { seconds: true }) : "nothing yet"}
      {s.lastPushError && (
        <div className="small">
          <span className="badge warn">retrying</span> {showErrors ? s.lastPushError : ""}
        </div>
      )}
    </>
  );
}

function backlog(a: AgentRow) {
  const s = a.status;
  return (
    <>
      {s.pending}
      {s.oldestPendingSeconds !== null && s.pending > 0 && (
        <span className="muted"> (oldest {formatDuration(s.oldestPendingSeconds)})</span>
      )}
      {s.dropped > 0 && (
        <div>
          <span className="badge bad nowrap">{s.dropped} dropped</span>
        </div>
      )}
      {s.refused > 0 && (
        <div>
          <span className="badge warn">{s.refused} refused</span>
        </div>
      )}
    </>
  );
}

function watches(a: AgentRow, showErrors: boolean) {
  if (!a.status.discovered)
    return (
      <span className="small">
        <span className="badge info">discovering</span>{" "}
        {showErrors && a.status.discoveryError
          ? a.status.discoveryError
          : "asking the API server what it serves"}
      </span>
    );
  if (!a.status.resources.length)
    return <span className="muted small">nothing to watch (no cert-manager or policy report API)</span>;
  return (
    <ul className="small bare-list">
      {a.status.resources.map((r) => (
        <li key={r.resource}>
          <span
            className={`badge ${r.state === "watching" ? "ok" : r.state === "retrying" ? "bad" : "info"}`}
          >
            {r.state}
          </span>{" "}
          <span className="mono">{r.resource}</span>
          {r.resyncDue && <span className="muted"> · listing again</span>}
          {showErrors && r.lastError && <span className="muted"> · {r.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

function columns(showErrors: boolean, now: Date, zone: string): Column<AgentRow>[] {
  return [
    {
      key: "cluster",
      header: "Cluster",
      cell: (a) => (
        <>
          <span className="nowrap">{a.cluster}</span>
          <div className="small muted">
            v{a.status.version} · token {a.tokenName}
          </div>
        </>
      ),
    },
    { key: "heard", header: "Heard from", className: "small", cell: (a) => heard(a, now) },
    {
      key: "delivery",
      header: `Last delivery (${zoneLabel(zone)})`,
      className: "small",
      cell: (a) => delivery(a, showErrors, zone),
    },
    { key: "waiting", header: "Waiting", className: "small", cell: backlog },
    { key: "watches", header: "Watches", cell: (a) => watches(a, showErrors) },
  ];
}

export async function AgentStatus({ showErrors }: { showErrors: boolean }) {
  const [agents, zone] = await Promise.all([listAgents(), displayZone()]);
  return (
    <section className="card" aria-labelledby="agents-heading">
      <h2 id="agents-heading">In-cluster agents</h2>
      <DataTable
        columns={columns(showErrors, new Date(), zone)}
        rows={agents}
        rowKey={(a) => `${a.cluster} ${a.tokenName}`}
        caption="In-cluster agents and their latest heartbeat"
        captionHidden
        empty={
          <>
            No agent has reported yet. An agent per cluster watches cert-manager Certificates and policy
            reports and pushes their changes here (docs/install.md, “The in-cluster agent”).
          </>
        }
      />
    </section>
  );
}
