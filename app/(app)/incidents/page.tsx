import type { Metadata } from "next";
import Link from "next/link";
import { IncidentsClockChart } from "@/components/charts/incidents-clock";
import { ActionForm } from "@/components/incidents/ActionForm";
import { StatusBadge } from "@/components/incidents/badges";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterNote } from "@/components/ui/FilterNote";
import { FilterSelect } from "@/components/ui/FilterSelect";
import { KpiHelp } from "@/components/ui/KpiHelp";
import { PageHeader } from "@/components/ui/PageHeader";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { formatDuration, formatTime, incidentSubject } from "@/lib/incidents/format";
import { incidentClockRows } from "@/lib/incidents/kpi";
import { type ClockStats, incidentKpis } from "@/lib/incidents/kpi-math";
import { listIncidents, parseIncidentFilters } from "@/lib/incidents/queries";
import { SEVERITIES } from "@/lib/severity";
import { listClusters } from "@/lib/sources/queries";
import { createIncidentAction } from "./actions";

export const metadata: Metadata = { title: "Incidents" };

const DAY = 86_400_000;
type Search = Record<string, string | string[] | undefined>;

// The headline is the median everywhere (Overview, report, here); mean and p90 stand beside it.
function KpiTile({ title, metric, help, s }: { title: string; metric: string; help: string; s: ClockStats }) {
  return (
    <section className="card tile" aria-label={title}>
      <div className="label">
        {title} (median)
        <KpiHelp metric={metric} label={title} />
      </div>
      <div className="value">{formatDuration(s.medianSeconds)}</div>
      <div className="sub">
        mean {formatDuration(s.meanSeconds)} · p90 {formatDuration(s.p90Seconds)}
      </div>
      <div className="sub">
        n = {s.n}
        {s.excluded ? ` · ${s.excluded} excluded (unknown start)` : ""}
        {s.dataErrors ? (
          <>
            {" · "}
            <span className="badge bad">
              {s.dataErrors} data error{s.dataErrors > 1 ? "s" : ""}
            </span>
          </>
        ) : null}
      </div>
      <div className="sub">{help}</div>
    </section>
  );
}

async function IncidentsPage({ searchParams }: { searchParams: Promise<Search> }, user: Principal) {
  const sp = await searchParams;
  const params = new URLSearchParams(
    Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  );
  let filters: ReturnType<typeof parseIncidentFilters>;
  let filterError: string | null = null;
  try {
    filters = parseIncidentFilters(params);
  } catch (e) {
    filterError = (e as Error).message;
    filters = { page: 1, pageSize: 50 };
  }
  const days = [7, 30, 90, 365].includes(Number(sp.days)) ? Number(sp.days) : 30;
  const now = new Date();
  // Opened from a KPI (Overview, report): the KPI window is the figure's own window, and the list shows
  // the incidents that figure counts (detected, contained or resolved in it).
  const drilled = filters.from && filters.to ? { from: filters.from, to: filters.to } : null;
  const window = drilled ?? { from: new Date(now.getTime() - days * DAY), to: now };
  const basisText = { detected: "detected", contained: "contained", resolved: "resolved" }[
    filters.basis ?? "detected"
  ];
  const [list, clusters, rows] = await Promise.all([
    listIncidents(filters),
    listClusters().then((cs) => cs.map((c) => c.name)),
    incidentClockRows({ ...window, cluster: filters.cluster ?? null }),
  ]);
  const k = incidentKpis(rows, window);
  const bars = rows
    .filter((r) => r.detectedAt >= window.from && r.detectedAt < window.to)
    .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime())
    .map((r) => ({
      label: `#${r.number}`,
      detectMin:
        r.startedAt && r.startedConfidence !== "unknown"
          ? Math.max(0, (r.detectedAt.getTime() - r.startedAt.getTime()) / 60000)
          : null,
      containMin: r.containedAt
        ? Math.max(0, (r.containedAt.getTime() - r.detectedAt.getTime()) / 60000)
        : null,
    }));
  const operator = can(user.role, "operate");
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageLink = (page: number) => {
    const q = new URLSearchParams(params);
    q.set("page", String(page));
    return `/incidents?${q}`;
  };
  const nothingYet = list.total === 0 && !params.toString();

  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Detection, containment and resolution, with MTTD and time to contain"
      />
      <div className="stack">
        <div className="grid grid-3">
          <KpiTile title="MTTD" metric="mttd.medianSeconds" help="detected − started" s={k.mttd} />
          <KpiTile
            title="Time to contain"
            metric="timeToContainment.medianSeconds"
            help="contained − detected"
            s={k.timeToContainment}
          />
          <KpiTile
            title="Time to resolve"
            metric="timeToResolve.medianSeconds"
            help="resolved − detected"
            s={k.timeToResolve}
          />
        </div>
        {drilled && (
          <FilterNote clearHref="/incidents">
            incidents {basisText} from {formatTime(drilled.from)} to {formatTime(drilled.to)}
            {filters.cluster ? ` in cluster ${filters.cluster}` : ""}
            {filters.status ? `, status ${filters.status}` : ""} — the incidents behind the KPI figure
          </FilterNote>
        )}
        <form className="row no-print" method="get" aria-label="KPI window">
          <label htmlFor="kpi-days" style={{ margin: 0 }}>
            KPI window
          </label>
          <select id="kpi-days" name="days" defaultValue={String(days)}>
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
          {filters.cluster && <input type="hidden" name="cluster" value={filters.cluster} />}
          <button className="btn small" type="submit">
            Apply
          </button>
          <span className="small muted">
            {formatTime(window.from)} – {formatTime(window.to)}
            {filters.cluster ? ` · cluster ${filters.cluster}` : " · all clusters"}
          </span>
        </form>
        {k.dataErrors.length > 0 && (
          <p className="card small" role="note">
            <span className="badge bad">data errors</span> Left out of the KPIs because the duration is
            negative:{" "}
            {k.dataErrors.map((e) => (
              <span key={`${e.incidentId}-${e.metric}`}>
                <Link href={`/incidents/${e.incidentId}`}>#{e.number}</Link> {e.metric}{" "}
                {formatDuration(e.seconds)};{" "}
              </span>
            ))}
          </p>
        )}
        {bars.length > 0 && (
          <section className="card">
            <h2>Each incident's time to detect and to contain</h2>
            <IncidentsClockChart data={bars} />
            <div className="sr-only">
              <table>
                <caption>Time to detect and to contain per incident (minutes)</caption>
                <thead>
                  <tr>
                    <th>Incident</th>
                    <th>Detect</th>
                    <th>Contain</th>
                  </tr>
                </thead>
                <tbody>
                  {bars.map((b) => (
                    <tr key={b.label}>
                      <td>{b.label}</td>
                      <td>{b.detectMin?.toFixed(1) ?? "—"}</td>
                      <td>{b.containMin?.toFixed(1) ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}

        {nothingYet ? (
          <EmptyState
            title="No incidents"
            example={`# alertmanager.yml\nreceivers:\n  - name: posture\n    webhook_configs:\n      - url: $POSTURE_URL/api/v1/alerts/alertmanager\n        send_resolved: true\n        http_config: { authorization: { credentials: $TOKEN } }`}
          >
            Incidents open from Alertmanager alerts, from escalated findings, or by hand. Point an
            Alertmanager webhook receiver at Posture to start; send Falco events to
            /api/v1/ingest/alerts?format=falco as evidence.
          </EmptyState>
        ) : (
          <section className="card">
            <h2>All incidents</h2>
            <form
              className="row no-print"
              method="get"
              aria-label="Filter incidents"
              style={{ marginBottom: 12 }}
            >
              <FilterSelect
                param="status"
                label="Status"
                hideLabel
                value={filters.status}
                allLabel="any status"
                options={["unresolved", "open", "acknowledged", "contained", "resolved"]}
              />
              <FilterSelect
                param="severity"
                label="Severity"
                hideLabel
                value={filters.severity}
                allLabel="any severity"
                options={SEVERITIES}
              />
              <FilterSelect
                param="cluster"
                label="Cluster"
                hideLabel
                value={filters.cluster}
                allLabel="all clusters"
                options={clusters}
              />
              <label className="sr-only" htmlFor="f-q">
                Search
              </label>
              <input
                id="f-q"
                name="q"
                placeholder="title, namespace, workload"
                defaultValue={filters.q ?? ""}
              />
              <input type="hidden" name="days" value={days} />
              {drilled && (
                <>
                  <input type="hidden" name="from" value={drilled.from.toISOString()} />
                  <input type="hidden" name="to" value={drilled.to.toISOString()} />
                  <input type="hidden" name="basis" value={filters.basis ?? "detected"} />
                </>
              )}
              <button className="btn small" type="submit">
                Filter
              </button>
              {filterError && <span className="form-error">{filterError}</span>}
            </form>
            <p className="small muted">
              An alert joins the open incident of its subject while one of that incident&apos;s alerts fired
              within the last 24 hours. The subject is cluster/namespace/workload when the alert&apos;s labels
              name a workload; otherwise cluster, alertname and the most specific of node, instance, service,
              job (so two nodes&apos; alerts are two incidents).
            </p>
            {list.items.length === 0 ? (
              <p className="muted">No incident matches these filters.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Title</th>
                      <th>Severity</th>
                      <th>Status</th>
                      <th>Subject</th>
                      <th>Detected</th>
                      <th className="num">MTTD</th>
                      <th className="num">To contain</th>
                      <th className="num">To resolve</th>
                      <th>Owner</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.items.map((i) => (
                      <tr key={i.id}>
                        <td>{i.number}</td>
                        <td>
                          <Link href={`/incidents/${i.id}`}>{i.title}</Link>{" "}
                          {i.demo && <span className="badge warn">demo</span>}{" "}
                          {i.problems.length > 0 && (
                            <span className="badge bad" title={i.problems.join("; ")}>
                              clock error
                            </span>
                          )}
                          <div className="small muted">
                            {i.origin} · {i.alerts} alert{i.alerts === 1 ? "" : "s"} · {i.evidence} evidence
                          </div>
                        </td>
                        <td>
                          <SeverityBadge s={i.severity} />
                        </td>
                        <td>
                          <StatusBadge s={i.status} />
                        </td>
                        <td className="mono small">{incidentSubject(i)}</td>
                        <td className="small">{formatTime(i.detectedAt)}</td>
                        <td className="num" title={`start ${i.startedConfidence}`}>
                          {formatDuration(i.mttdSeconds)}
                          {i.startedConfidence === "estimated" && (
                            <span className="small muted"> (est.)</span>
                          )}
                        </td>
                        <td className="num">{formatDuration(i.containSeconds)}</td>
                        <td className="num">{formatDuration(i.resolveSeconds)}</td>
                        <td className="small">{i.owner ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {pageCount > 1 && (
              <nav className="row" aria-label="Pages" style={{ marginTop: 12 }}>
                {list.page > 1 && <Link href={pageLink(list.page - 1)}>← previous</Link>}
                <span className="small muted">
                  page {list.page} of {pageCount} ({list.total} incidents)
                </span>
                {list.page < pageCount && <Link href={pageLink(list.page + 1)}>next →</Link>}
              </nav>
            )}
          </section>
        )}

        {operator && (
          <section className="card no-print">
            <h2>Open an incident by hand</h2>
            <ActionForm action={createIncidentAction} label="Open an incident" submit="Open incident">
              <div className="grid grid-4">
                <div className="field">
                  <label htmlFor="n-title">Title</label>
                  <input id="n-title" name="title" required minLength={3} style={{ width: "100%" }} />
                </div>
                <div className="field">
                  <label htmlFor="n-sev">Severity</label>
                  <select id="n-sev" name="severity" defaultValue="medium" style={{ width: "100%" }}>
                    {SEVERITIES.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="n-cluster">Cluster</label>
                  <select id="n-cluster" name="cluster" defaultValue="" style={{ width: "100%" }}>
                    <option value="">—</option>
                    {clusters.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="n-detected">Detected at (UTC)</label>
                  <input
                    id="n-detected"
                    name="detectedAt"
                    type="datetime-local"
                    step={1}
                    style={{ width: "100%" }}
                  />
                  <div className="hint">empty = now</div>
                </div>
                <div className="field">
                  <label htmlFor="n-ns">Namespace</label>
                  <input id="n-ns" name="namespace" style={{ width: "100%" }} />
                </div>
                <div className="field">
                  <label htmlFor="n-wl">Workload</label>
                  <input id="n-wl" name="workload" style={{ width: "100%" }} />
                </div>
                <div className="field">
                  <label htmlFor="n-owner">Owner</label>
                  <input id="n-owner" name="owner" style={{ width: "100%" }} />
                </div>
              </div>
            </ActionForm>
          </section>
        )}
      </div>
    </>
  );
}

export default securePage("read", IncidentsPage);
