import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleForm, TargetRow } from "@/components/reports/SettingsForms";
import { DataTable } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { formatTarget, METRICS, type MetricDef } from "@/lib/kpi/targets";
import { getTargets, targetHistory } from "@/lib/kpi/targets-store";
import { periodChoices } from "@/lib/reports/period";
import { getSchedule, listFrozen } from "@/lib/reports/snapshots";
import { listClusters } from "@/lib/sources/queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Reports" };

const UNIT_HINT = {
  percent: "percent (0–100)",
  fraction: "fraction (0–1)",
  seconds: "seconds",
  count: "count",
} as const;

async function ReportsPage(_props: unknown, me: Principal) {
  const admin = can(me.role, "admin");
  const [frozen, schedule, targets, history, clusters, zone] = await Promise.all([
    listFrozen(),
    getSchedule(),
    getTargets(),
    targetHistory(20),
    listClusters(),
    displayZone(),
  ]);
  const defs = METRICS as readonly MetricDef[];
  const label = (key: string) => defs.find((m) => m.key === key)?.label ?? key;
  return (
    <>
      <PageHeader title="Reports" subtitle="Executive reports for a month, a quarter or any period" />
      <div className="stack">
        <section className="card">
          <h2>Executive report</h2>
          <p className="muted under-heading">
            KPIs against targets, the change since the previous period, a plain-language summary, trends, the
            risk heat map and the incidents of the period. Download it as PDF or CSV, or freeze it to keep it
            exactly as published.
          </p>
          <div className="row">
            {periodChoices().map((p) => (
              <Link
                key={p.key}
                className="btn small"
                href={`/reports/executive?period=${encodeURIComponent(p.key)}`}
              >
                {p.label}
              </Link>
            ))}
          </div>
        </section>

        <section className="card" aria-labelledby="frozen-h">
          <h2 id="frozen-h">Frozen reports</h2>
          {frozen.length === 0 ? (
            <EmptyState title="No frozen reports yet">
              Open a report and press Freeze, or set a schedule below: the report is stored as published
              (data, PDF and SHA-256) and shown later exactly as it was.
            </EmptyState>
          ) : (
            <DataTable
              caption="Frozen reports"
              captionHidden
              rows={frozen}
              rowKey={(f) => f.id}
              columns={[
                {
                  key: "title",
                  header: "Report",
                  cell: (f) => (
                    <>
                      <Link href={`/reports/frozen/${f.id}`}>{f.title}</Link>{" "}
                      {f.scheduled && <span className="badge info">scheduled</span>}
                    </>
                  ),
                },
                {
                  key: "at",
                  header: `Frozen (${zoneLabel(zone)})`,
                  className: "small",
                  cell: (f) => formatInstant(f.createdAt, zone),
                },
                { key: "by", header: "By", className: "small", cell: (f) => f.createdBy ?? "—" },
                {
                  key: "pdf",
                  header: "PDF",
                  numeric: true,
                  cell: (f) => (
                    <a href={`/api/v1/reports/snapshots/${f.id}?format=pdf`}>
                      {f.pdfBytes === null ? "being printed" : `${Math.round(f.pdfBytes / 1024)} kB`}
                    </a>
                  ),
                },
                {
                  key: "sha",
                  header: "SHA-256 (PDF)",
                  className: "mono small",
                  cell: (f) => (f.pdfSha256 ? `${f.pdfSha256.slice(0, 16)}…` : "—"),
                },
              ]}
            />
          )}
        </section>

        <section className="card" aria-labelledby="schedule-h">
          <h2 id="schedule-h">Schedule</h2>
          {admin ? (
            <ScheduleForm
              cadence={schedule.cadence}
              cluster={schedule.cluster}
              clusters={clusters.map((c) => c.name)}
            />
          ) : (
            <p className="muted">
              {schedule.cadence === "off"
                ? "No report is frozen automatically."
                : `The ${schedule.cadence} report${schedule.cluster ? ` for ${schedule.cluster}` : ""} is frozen automatically.`}{" "}
              Admins change this.
            </p>
          )}
        </section>

        <section className="card" aria-labelledby="targets-h">
          <h2 id="targets-h">KPI targets</h2>
          <p className="small muted under-heading">
            Targets colour the overview tiles and the report.{" "}
            {admin
              ? "Leave a value empty to remove a target. Every change is kept below and in the audit log."
              : "Admins change them."}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">Target</th>
                </tr>
              </thead>
              <tbody>
                {defs.map((m) =>
                  admin ? (
                    <TargetRow
                      key={m.key}
                      metric={m.key}
                      label={m.label}
                      unitHint={UNIT_HINT[m.unit]}
                      comparator={targets[m.key]?.comparator ?? (m.direction === "down" ? "<=" : ">=")}
                      value={targets[m.key] ? String(targets[m.key]?.value) : ""}
                    />
                  ) : (
                    <tr key={m.key}>
                      <td>{m.label}</td>
                      <td>{formatTarget(targets[m.key], m.unit)}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
          {history.length > 0 && (
            <>
              <h3>Changes</h3>
              <DataTable
                caption="Target changes"
                captionHidden
                rows={history}
                rowKey={(h) => h.id}
                columns={[
                  {
                    key: "at",
                    header: `When (${zoneLabel(zone)})`,
                    className: "small",
                    cell: (h) => formatInstant(h.at, zone),
                  },
                  { key: "kpi", header: "KPI", cell: (h) => label(h.metric) },
                  {
                    key: "before",
                    header: "Before",
                    className: "mono small",
                    cell: (h) => (h.previous ? `${h.previous.comparator} ${h.previous.value}` : "none"),
                  },
                  {
                    key: "after",
                    header: "After",
                    className: "mono small",
                    cell: (h) => (h.comparator ? `${h.comparator} ${h.value}` : "none"),
                  },
                  { key: "by", header: "By", className: "small", cell: (h) => h.actorLabel ?? "—" },
                ]}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", ReportsPage);
