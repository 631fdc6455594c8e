import type { Metadata } from "next";
import { CoverageChart } from "@/components/charts/telemetry-coverage";
import { ClusterGraph } from "@/components/telemetry/ClusterGraph";
import { CoverageMatrix } from "@/components/telemetry/CoverageMatrix";
import { EdgeTable } from "@/components/telemetry/EdgeTable";
import { clusterLabel, coverageBadge, pct, query, volume } from "@/components/telemetry/format";
import { MeshFilters } from "@/components/telemetry/MeshFilters";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterNote } from "@/components/ui/FilterNote";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { type MeshParams, meshScope, parseMeshParams } from "@/lib/telemetry/params";
import {
  clusterPairs,
  coverageSeries,
  edgeFacets,
  latestBucket,
  listEdges,
  mtlsCoverage,
} from "@/lib/telemetry/queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Mesh" };

type SP = Record<string, string | string[] | undefined>;

/** The filters in force, in words (the window is in the subtitle). */
function activeFilters(p: MeshParams): string[] {
  const named: [string, string | undefined][] = [
    ["cluster", p.cluster],
    ["namespace", p.namespace],
    ["workload", p.workload],
    ["protocol", p.protocol],
    ["security policy", p.policy],
    ["reported by", p.reporter],
  ];
  return named.flatMap(([k, v]) => (v ? [`${k} ${v}`] : []));
}

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
  // One scope for every figure on the page: tiles, matrix, graph, series and edges narrow alike.
  const scope = meshScope(p);
  const coverageBy = p.reporter ?? "destination";
  const base: Record<string, string | undefined> = {
    range: p.range,
    from: p.from,
    to: p.to,
    cluster: p.cluster,
    namespace: p.namespace,
    workload: p.workload,
    protocol: p.protocol,
    policy: p.policy,
    reporter: p.reporter,
  };
  const drill = p.srcCluster && p.dstCluster ? { src: p.srcCluster, dst: p.dstCluster } : null;
  const [coverage, pairs, series, edges, facets, drillEdges, latest, zone] = await Promise.all([
    mtlsCoverage(scope),
    clusterPairs(scope),
    coverageSeries(scope),
    listEdges({ ...scope, limit: p.limit ?? 200 }),
    edgeFacets({ from: scope.from, to: scope.to }),
    drill
      ? listEdges({
          ...scope,
          srcCluster: drill.src,
          dstCluster: drill.dst,
          reporter: coverageBy,
          limit: 500,
        })
      : Promise.resolve([]),
    latestBucket(),
    displayZone(),
  ]);
  const windowText = `${formatInstant(p.fromDate, zone)} – ${formatInstant(p.toDate, zone, { label: true })}`;
  const active = activeFilters(p);
  const header = (
    <PageHeader
      title="Mesh"
      subtitle={<>Traffic between clusters and whether it is mutual TLS · {windowText}</>}
    />
  );
  const filters = (
    <>
      <MeshFilters params={p} facets={facets} />
      {active.length > 0 && (
        <FilterNote clearHref={query({ range: p.range, from: p.from, to: p.to }, {})}>
          {active.join(", ")} — the tiles, the matrix, the graph, the coverage series and the edges all show
          this traffic only
        </FilterNote>
      )}
    </>
  );

  if (coverage.total === 0 && edges.length === 0) {
    return (
      <>
        {header}
        <div className="stack">
          {filters}
          {latest ? (
            <section className="card empty">
              <h2>No mesh traffic in this window</h2>
              <p>
                The latest traffic stored is from {formatInstant(latest, zone, { label: true })}.{" "}
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
        {filters}
        <div className="grid grid-4">
          <div className="card tile">
            <div className="label">mTLS coverage</div>
            <div className="value">{pct(coverage.percent)}</div>
            <div className="sub">
              {volume(coverage.mtls)} of {volume(coverage.total)} requests + connections ({coverageBy}
              -reported)
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
            <div className="row spread">
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
              <EdgeTable edges={drillEdges} showPrincipals showReporter={false} zone={zone} />
            )}
          </section>
        )}
        <section className="card">
          <h2>mTLS coverage over time</h2>
          {series.points.length === 0 ? (
            <p className="muted">No destination-reported traffic in this window.</p>
          ) : (
            <CoverageChart points={series.points} step={series.step} zone={zone} />
          )}
        </section>
        <section className="card">
          <h2>Edges</h2>
          <p className="small muted">
            {edges.length} edge{edges.length === 1 ? "" : "s"}, largest first. Coverage uses
            destination-reported Istio series unless a reporter is chosen; the edges list every reporter then.
          </p>
          {edges.length === 0 ? (
            <p className="muted">No edges match these filters.</p>
          ) : (
            <EdgeTable edges={edges} showPrincipals={false} showReporter zone={zone} />
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", MeshPage);
