import type { Metadata } from "next";
import { AgentStatus } from "@/components/sources/AgentStatus";
import { BatchRejections } from "@/components/sources/BatchRejections";
import { SourceActions } from "@/components/sources/SourceActions";
import { SourceForm } from "@/components/sources/SourceForm";
import type { Column } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { TableCard } from "@/components/ui/TableCard";
import { can } from "@/lib/auth/roles";
import "@/lib/sources/connector-list";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { allConnectors, connectorInfo } from "@/lib/sources/connectors";
import { listBatches, listClusters, listSources } from "@/lib/sources/queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Sources" };

type Cluster = Awaited<ReturnType<typeof listClusters>>[number];
type Source = Awaited<ReturnType<typeof listSources>>[number];
type Batch = Awaited<ReturnType<typeof listBatches>>[number];

const STATUS_TONE: Record<string, string> = { completed: "ok", rejected: "bad", partial: "warn" };
const statusBadge = (status: string) => (
  <span className={`badge ${STATUS_TONE[status] ?? ""}`}>{status}</span>
);

const CLUSTER_COLUMNS: Column<Cluster>[] = [
  {
    key: "name",
    header: "Name",
    cell: (c) => (
      <>
        {c.name} {c.demo && <span className="badge warn">demo</span>}
      </>
    ),
  },
  { key: "env", header: "Environment", cell: (c) => c.environment },
  { key: "td", header: "Trust domain", className: "mono", cell: (c) => c.trustDomain ?? "—" },
  { key: "region", header: "Region", cell: (c) => c.region ?? "—" },
];

function sourceColumns(operate: boolean, zone: string): Column<Source>[] {
  const cols: Column<Source>[] = [
    { key: "name", header: "Name", cell: (s) => s.name },
    { key: "kind", header: "Connector", cell: (s) => s.kind },
    { key: "cluster", header: "Cluster", cell: (s) => s.cluster ?? "—" },
    { key: "every", header: "Every", cell: (s) => `${Math.round(s.intervalSeconds / 60)} min` },
    {
      key: "last",
      header: `Last run (${zoneLabel(zone)})`,
      className: "small nowrap",
      cell: (s) => (s.lastRunAt ? formatInstant(s.lastRunAt, zone, { seconds: true }) : "never"),
    },
    {
      key: "result",
      header: "Result",
      className: "small",
      cell: (s) => (
        <>
          {s.lastStatus ? statusBadge(s.lastStatus === "ok" ? "completed" : "rejected") : "—"}{" "}
          {s.lastError ?? s.lastMessage ?? ""}
        </>
      ),
    },
  ];
  if (operate)
    cols.push({
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (s) => <SourceActions id={s.id} name={s.name} />,
    });
  return cols;
}

const batchColumns = (zone: string): Column<Batch>[] => [
  {
    key: "at",
    header: `Received (${zoneLabel(zone)})`,
    className: "small stamp",
    cell: (b) => formatInstant(b.receivedAt, zone, { seconds: true }),
  },
  { key: "kind", header: "Kind", cell: (b) => b.kind },
  { key: "format", header: "Format", cell: (b) => b.format },
  { key: "cluster", header: "Cluster", cell: (b) => b.cluster ?? "—" },
  {
    key: "status",
    header: "Status",
    cell: (b) => (
      <>
        {statusBadge(b.status)} {b.demo && <span className="badge warn">demo</span>}
      </>
    ),
  },
  { key: "accepted", header: "Accepted", numeric: true, cell: (b) => b.accepted },
  { key: "dups", header: "Duplicates", numeric: true, cell: (b) => b.duplicates },
  { key: "rejected", header: "Rejected", numeric: true, cell: (b) => b.rejected },
  {
    key: "note",
    header: "Note and rejection reasons",
    className: "small batch-note",
    cell: (b) => (
      <>
        {b.message && <div className="muted">{b.message}</div>}
        <BatchRejections summary={b.rejections} />
      </>
    ),
  },
];

async function SourcesPage(_props: unknown, me: Principal) {
  const operate = can(me.role, "operate");
  const [clusters, batches, sources, zone] = await Promise.all([
    listClusters(),
    listBatches(50),
    listSources({ withErrors: operate }),
    displayZone(),
  ]);
  return (
    <>
      <PageHeader title="Sources" subtitle="Clusters, connectors and every batch of data received" />
      <div className="stack">
        <TableCard
          title="Clusters"
          columns={CLUSTER_COLUMNS}
          rows={clusters}
          rowKey={(c) => c.id}
          empty="No clusters yet. A cluster is created when data for it first arrives (?cluster=NAME)."
        />
        <TableCard
          title="Pull sources"
          columns={sourceColumns(operate, zone)}
          rows={sources}
          rowKey={(s) => s.id}
          empty="No pull sources. Posture can pull from Prometheus, Kubernetes API servers (cert-manager) and TLS endpoints on a schedule; pushed data needs no source, only an API token."
        >
          {operate && (
            <>
              <h3>Add a pull source</h3>
              <SourceForm connectors={allConnectors().map(connectorInfo)} />
            </>
          )}
        </TableCard>

        <AgentStatus showErrors={operate} />
        {batches.length === 0 ? (
          <EmptyState
            title="Nothing received yet"
            example={`npm run posture -- token create --name collector --scopes ingest\ncurl -H "Authorization: Bearer $TOKEN" --data-binary @file \\\n  "$POSTURE_URL/api/v1/ingest/{certificates|policy|telemetry|alerts}?format=…&cluster=…"`}
          >
            Every payload pushed to the API, pulled by a connector or seeded as demo data is recorded here
            with how many records were accepted, were duplicates or were rejected, and why.
          </EmptyState>
        ) : (
          <TableCard
            title="Recent batches"
            columns={batchColumns(zone)}
            rows={batches}
            rowKey={(b) => b.id}
          />
        )}
      </div>
    </>
  );
}

export default securePage("read", SourcesPage);
