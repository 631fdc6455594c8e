import type { Metadata } from "next";
import { SourceActions } from "@/components/sources/SourceActions";
import { SourceForm } from "@/components/sources/SourceForm";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/roles";
import "@/lib/sources/connector-list";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { allConnectors } from "@/lib/sources/connectors";
import { listBatches, listClusters, listSources } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "Sources" };

function statusBadge(status: string) {
  const cls =
    status === "completed" ? "ok" : status === "rejected" ? "bad" : status === "partial" ? "warn" : "";
  return <span className={`badge ${cls}`}>{status}</span>;
}

async function SourcesPage(_props: unknown, me: Principal) {
  const operate = can(me.role, "operate");
  const [clusters, batches, sources] = await Promise.all([
    listClusters(),
    listBatches(50),
    listSources({ withErrors: operate }),
  ]);
  const connectors = allConnectors().map(({ kind, label, description, secretFields, exampleConfig }) => ({
    kind,
    label,
    description,
    secretFields,
    exampleConfig,
  }));
  return (
    <>
      <PageHeader title="Sources" subtitle="Clusters, connectors and every batch of data received" />
      <div className="stack">
        <section className="card">
          <h2>Clusters</h2>
          {clusters.length === 0 ? (
            <p className="muted">
              No clusters yet. A cluster is created when data for it first arrives (?cluster=NAME).
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Environment</th>
                    <th>Trust domain</th>
                    <th>Region</th>
                  </tr>
                </thead>
                <tbody>
                  {clusters.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {c.name} {c.demo && <span className="badge warn">demo</span>}
                      </td>
                      <td>{c.environment}</td>
                      <td className="mono">{c.trustDomain ?? "—"}</td>
                      <td>{c.region ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card">
          <h2>Pull sources</h2>
          {sources.length === 0 ? (
            <p className="muted">
              No pull sources. Posture can pull from Prometheus, Kubernetes API servers (cert-manager) and TLS
              endpoints on a schedule; pushed data needs no source, only an API token.
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Connector</th>
                    <th>Cluster</th>
                    <th>Every</th>
                    <th>Last run</th>
                    <th>Result</th>
                    {operate && (
                      <th>
                        <span className="sr-only">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {sources.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{s.kind}</td>
                      <td>{s.cluster ?? "—"}</td>
                      <td>{Math.round(s.intervalSeconds / 60)} min</td>
                      <td className="small">{s.lastRunAt?.replace("T", " ").slice(0, 19) ?? "never"}</td>
                      <td className="small">
                        {s.lastStatus ? statusBadge(s.lastStatus === "ok" ? "completed" : "rejected") : "—"}{" "}
                        {s.lastError ?? s.lastMessage ?? ""}
                      </td>
                      {operate && (
                        <td>
                          <SourceActions id={s.id} name={s.name} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {operate && (
            <>
              <h3 style={{ marginTop: 16 }}>Add a pull source</h3>
              <SourceForm connectors={connectors} />
            </>
          )}
        </section>
        {batches.length === 0 ? (
          <EmptyState
            title="Nothing received yet"
            example={`npm run posture -- token create --name collector --scopes ingest\ncurl -H "Authorization: Bearer $TOKEN" --data-binary @file \\\n  "$POSTURE_URL/api/v1/ingest/{certificates|policy|telemetry|alerts}?format=…&cluster=…"`}
          >
            Every payload pushed to the API, pulled by a connector or seeded as demo data is recorded here
            with how many records were accepted, were duplicates or were rejected, and why.
          </EmptyState>
        ) : (
          <section className="card">
            <h2>Recent batches</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Received</th>
                    <th>Kind</th>
                    <th>Format</th>
                    <th>Cluster</th>
                    <th>Status</th>
                    <th className="num">Accepted</th>
                    <th className="num">Duplicates</th>
                    <th className="num">Rejected</th>
                    <th>Note</th>
                  </tr>
                </thead>
                <tbody>
                  {batches.map((b) => (
                    <tr key={b.id}>
                      <td className="small">{b.receivedAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                      <td>{b.kind}</td>
                      <td>{b.format}</td>
                      <td>{b.cluster ?? "—"}</td>
                      <td>
                        {statusBadge(b.status)} {b.demo && <span className="badge warn">demo</span>}
                      </td>
                      <td className="num">{b.accepted}</td>
                      <td className="num">{b.duplicates}</td>
                      <td className="num">{b.rejected}</td>
                      <td className="small muted">{b.message ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </>
  );
}

export default securePage("read", SourcesPage);
