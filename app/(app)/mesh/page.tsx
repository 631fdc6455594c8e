import type { Metadata } from "next";
import { CoverageChart } from "@/components/charts/telemetry-coverage";
import { ClusterGraph } from "@/components/telemetry/ClusterGraph";
import { CoverageMatrix } from "@/components/telemetry/CoverageMatrix";
import { EdgeTable } from "@/components/telemetry/EdgeTable";
import { clusterLabel, coverageBadge, pct, query, volume } from "@/components/telemetry/format";
import { MeshFilters } from "@/components/telemetry/MeshFilters";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { type MeshParams, parseMeshParams } from "@/lib/telemetry/params";
import {
  clusterPairs,
  coverageSeries,
  edgeFacets,
  latestBucket,
  listEdges,
  mtlsCoverage,
} from "@/lib/telemetry/queries";

export const metadata: Metadata = { title: "Mesh" };

type SP = Record<string, string | string[] | undefined>;

async function MeshPage({ searchParams }: { searchParams: Promise<SP> }, _user: Principal) {
  const sp = await searchParams;
  let p: MeshParams;
  try {
    p = parseMeshParams(sp);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <>
        <PageHeader title="Mesh" subtitle="Traffic between clusters and whether it is mutual TLS" />
        <section className="card" role="alert">
          <h2>These filters cannot be used</h2>
          <p className="form-error">{e.message}</p>
          <a className="btn" href="/mesh">
            Reset filters
          </a>
        </section>
      </>
    );
  }
  const w = { from: p.fromDate, to: p.toDate, cluster: p.cluster ?? null };
  const base: Record<string, string | undefined> = {
    range: p.range,
    from: p.from,
    to: p.to,
    cluster: p.cluster,
    namespace: p.namespace,
    workload: p.workload,
    policy: p.policy,
    reporter: p.reporter,
  };
  const drill = p.srcCluster && p.dstCluster ? { src: p.srcCluster, dst: p.dstCluster } : null;
  const [coverage, pairs, series, edges, facets, drillEdges, latest] = await Promise.all([
    mtlsCoverage(w),
    clusterPairs(w),
    coverageSeries(w),
    listEdges({
      ...w,
      namespace: p.namespace,
      workload: p.workload,
      securityPolicy: p.policy,
      reporter: p.reporter,
      limit: p.limit ?? 200,
    }),
    edgeFacets({ from: w.from, to: w.to }),
    drill
      ? listEdges({
          from: w.from,
          to: w.to,
          srcCluster: drill.src,
          dstCluster: drill.dst,
          reporter: "destination",
          limit: 500,
        })
      : Promise.resolve([]),
    latestBucket(),
  ]);
  const windowText = `${p.fromDate.toISOString().replace("T", " ").slice(0, 16)} – ${p.toDate.toISOString().replace("T", " ").slice(0, 16)} UTC`;
  const header = (
    <PageHeader
      title="Mesh"
      subtitle={<>Traffic between clusters and whether it is mutual TLS · {windowText}</>}
    />
  );

  if (coverage.total === 0 && edges.length === 0) {
    return (
      <>
        {header}
        <div className="stack">
          <MeshFilters params={p} facets={facets} />
          {latest ? (
            <section className="card empty">
              <h2>No mesh traffic in this window</h2>
              <p>
                The latest traffic stored is from {latest.toISOString().replace("T", " ").slice(0, 16)} UTC.{" "}
                <a
                  href={query(
                    {},
                    {
                      from: new Date(latest.getTime() - 23 * 3_600_000).toISOString(),
                      to: new Date(latest.getTime() + 3_600_000).toISOString(),
                    },
                  )}
                >
                  Show the 24 hours up to it
                </a>
                .
              </p>
            </section>
          ) : (
            <EmptyState
              title="No mesh telemetry yet"
              example={`curl -H "Authorization: Bearer $TOKEN" --data-binary @federate.prom \\\n  "$POSTURE_URL/api/v1/ingest/telemetry?format=prometheus&cluster=eu-west-prod"`}
            >
              Add a Prometheus source (Sources) that Posture queries on a schedule, or push Istio metrics
              (format=prometheus) and Hubble flows (format=hubble). Counters need two snapshots before traffic
              shows.
            </EmptyState>
          )}
        </div>
      </>
    );
  }

  const plaintext = pairs.reduce((a, x) => a + x.plaintext, 0);
  return (
    <>
      {header}
      <div className="stack">
        <MeshFilters params={p} facets={facets} />
        <div className="grid grid-4">
          <div className="card tile">
            <div className="label">mTLS coverage</div>
            <div className="value">{pct(coverage.percent)}</div>
            <div className="sub">
              {volume(coverage.mtls)} of {volume(coverage.total)} requests + connections
              (destination-reported)
            </div>
          </div>
          <div className="card tile">
            <div className="label">Cross-cluster</div>
            <div className="value">{pct(coverage.crossClusterPercent)}</div>
            <div className="sub">
              {volume(coverage.crossClusterMtls)} of {volume(coverage.crossClusterTotal)} between two known
              clusters
            </div>
          </div>
          <div className="card tile">
            <div className="label">Plaintext</div>
            <div className="value">{volume(plaintext)}</div>
            <div className="sub">requests + connections with security policy “none”</div>
          </div>
          <div className="card tile">
            <div className="label">Cluster pairs</div>
            <div className="value">{pairs.length}</div>
            <div className="sub">
              <span className={`badge ${coverageBadge(coverage.percent)}`}>
                {pairs.filter((x) => x.plaintext > 0).length} with plaintext
              </span>
            </div>
          </div>
        </div>
        <div className="grid grid-2 mesh-top">
          <section className="card">
            <h2>Cluster × cluster</h2>
            <p className="small muted">
              Cell colour: mTLS coverage (green 100 %, amber, red 0 %). Select a cell for its workloads and
              principals.
            </p>
            <CoverageMatrix pairs={pairs} base={base} />
          </section>
          <section className="card">
            <h2>Clusters and their traffic</h2>
            <p className="small muted">
              <span className="legend-swatch ok" /> all mTLS <span className="legend-swatch warn" /> partly
              plaintext <span className="legend-swatch bad" /> plaintext only (dashed = carries plaintext)
            </p>
            <ClusterGraph pairs={pairs} />
          </section>
        </div>
        {drill && (
          <section className="card" id="drill">
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2>
                {clusterLabel(drill.src === "unknown" ? null : drill.src)} →{" "}
                {clusterLabel(drill.dst === "unknown" ? null : drill.dst)}: workloads and principals
              </h2>
              <a className="btn small" href={query(base, {})}>
                Close
              </a>
            </div>
            {drillEdges.length === 0 ? (
              <p className="muted">No destination-reported traffic between these clusters in this window.</p>
            ) : (
              <EdgeTable edges={drillEdges} showPrincipals showReporter={false} />
            )}
          </section>
        )}
        <section className="card">
          <h2>mTLS coverage over time</h2>
          {series.points.length === 0 ? (
            <p className="muted">No destination-reported traffic in this window.</p>
          ) : (
            <CoverageChart points={series.points} step={series.step} />
          )}
        </section>
        <section className="card">
          <h2>Edges</h2>
          <p className="small muted">
            {edges.length} edge{edges.length === 1 ? "" : "s"}, largest first. Coverage uses
            destination-reported Istio series only; source-reported series and Hubble flows are shown for
            context.
          </p>
          {edges.length === 0 ? (
            <p className="muted">No edges match these filters.</p>
          ) : (
            <EdgeTable edges={edges} showPrincipals={false} showReporter />
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", MeshPage);
