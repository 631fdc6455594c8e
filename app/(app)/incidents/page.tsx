import type { Metadata } from "next";
import Link from "next/link";
import { IncidentsClockChart } from "@/components/charts/incidents-clock";
import { CreateIncidentForm } from "@/components/incidents/CreateIncidentForm";
import { DurationTile } from "@/components/incidents/DurationTile";
import { IncidentTable } from "@/components/incidents/IncidentTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterNote } from "@/components/ui/FilterNote";
import { FilterSelect } from "@/components/ui/FilterSelect";
import { ClusterFilter, SeverityFilter } from "@/components/ui/filters";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { listAssignees } from "@/lib/incidents/assignees";
import { formatDuration } from "@/lib/incidents/display";
import { incidentClockRows } from "@/lib/incidents/kpi";
import { incidentKpis } from "@/lib/incidents/kpi-math";
import { listIncidents, parseIncidentFilters } from "@/lib/incidents/queries";
import { listClusters } from "@/lib/sources/queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Incidents" };

const DAY = 86_400_000;
type Search = Record<string, string | string[] | undefined>;

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
  const [list, clusters, rows, zone] = await Promise.all([
    listIncidents(filters),
    listClusters().then((cs) => cs.map((c) => c.name)),
    incidentClockRows({ ...window, cluster: filters.cluster ?? null }),
    displayZone(),
  ]);
  const t = (at: Date) => formatInstant(at, zone);
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
          <DurationTile title="MTTD" metric="mttd.medianSeconds" help="detected − started" s={k.mttd} />
          <DurationTile
            title="Time to contain"
            metric="timeToContainment.medianSeconds"
            help="contained − detected"
            s={k.timeToContainment}
          />
          <DurationTile
            title="Time to resolve"
            metric="timeToResolve.medianSeconds"
            help="resolved − detected"
            s={k.timeToResolve}
          />
        </div>
        {drilled && (
          <FilterNote clearHref="/incidents">
            incidents {basisText} from {t(drilled.from)} to {formatInstant(drilled.to, zone, { label: true })}
            {filters.cluster ? ` in cluster ${filters.cluster}` : ""}
            {filters.status ? `, status ${filters.status}` : ""} — the incidents behind the KPI figure
          </FilterNote>
        )}
        <form className="row no-print" method="get" aria-label="KPI window">
          <label htmlFor="kpi-days" className="inline">
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
            {t(window.from)} – {formatInstant(window.to, zone, { label: true })}
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
            <form className="row no-print filter-row" method="get" aria-label="Filter incidents">
              <FilterSelect
                param="status"
                label="Status"
                hideLabel
                value={filters.status}
                allLabel="any status"
                options={["unresolved", "open", "acknowledged", "contained", "resolved"]}
              />
              <SeverityFilter value={filters.severity} />
              <ClusterFilter value={filters.cluster} clusters={clusters} />
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
            <IncidentTable items={list.items} zone={zone} />
            {pageCount > 1 && (
              <nav className="row section-gap" aria-label="Pages">
                {list.page > 1 && <Link href={pageLink(list.page - 1)}>← previous</Link>}
                <span className="small muted">
                  page {list.page} of {pageCount} ({list.total} incidents)
                </span>
                {list.page < pageCount && <Link href={pageLink(list.page + 1)}>next →</Link>}
              </nav>
            )}
          </section>
        )}

        {operator && <CreateIncidentForm clusters={clusters} users={await listAssignees()} zone={zone} />}
      </div>
    </>
  );
}

export default securePage("read", IncidentsPage);
