import { FilterSelect } from "@/components/ui/FilterSelect";
import { type MeshParams, RANGE_KEYS } from "@/lib/telemetry/params";

/**
 * A plain GET form: filters work without JavaScript and every view has a shareable URL; with JavaScript a
 * changed filter applies at once. Every filter narrows the tiles, the matrix, the graph, the coverage
 * series and the edge list alike.
 */
export function MeshFilters({
  params,
  facets,
}: {
  params: MeshParams;
  facets: { clusters: string[]; namespaces: string[]; workloads: string[]; protocols: string[] };
}) {
  return (
    <form className="card mesh-filters" method="get" action="/mesh" aria-label="Filter mesh traffic">
      {params.from || params.to ? (
        <>
          <input type="hidden" name="from" value={params.from ?? ""} />
          <input type="hidden" name="to" value={params.to ?? ""} />
          <div className="field">
            <span className="small muted">Custom window</span>
            <div>
              <a href="/mesh">Back to the last 24 hours</a>
            </div>
          </div>
        </>
      ) : (
        <FilterSelect
          param="range"
          label="Time"
          value={params.range === "24h" ? null : params.range}
          allLabel="Last 24h"
          options={RANGE_KEYS.filter((k) => k !== "24h").map((k) => ({ value: k, label: `Last ${k}` }))}
        />
      )}
      <FilterSelect param="cluster" label="Cluster" value={params.cluster} options={facets.clusters} />
      <FilterSelect
        param="namespace"
        label="Namespace"
        value={params.namespace}
        options={facets.namespaces}
      />
      <FilterSelect param="workload" label="Workload" value={params.workload} options={facets.workloads} />
      <FilterSelect param="protocol" label="Protocol" value={params.protocol} options={facets.protocols} />
      <FilterSelect
        param="policy"
        label="Security policy"
        value={params.policy}
        options={[
          { value: "mutual_tls", label: "mutual_tls" },
          { value: "none", label: "none (plaintext)" },
          { value: "unknown", label: "unknown" },
        ]}
      />
      <FilterSelect
        param="reporter"
        label="Reported by"
        value={params.reporter}
        allLabel="All (coverage: destination)"
        options={[
          { value: "destination", label: "destination (Istio)" },
          { value: "source", label: "source (Istio)" },
          { value: "hubble", label: "Hubble" },
        ]}
      />
      <div className="field mesh-filter-actions">
        <button className="btn primary" type="submit">
          Apply
        </button>
        <a className="btn" href="/mesh">
          Reset
        </a>
      </div>
    </form>
  );
}
