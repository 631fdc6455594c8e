import { type MeshParams, RANGE_KEYS } from "@/lib/telemetry/params";

/** A plain GET form: filters work without JavaScript and every view has a shareable URL. */
export function MeshFilters({
  params,
  facets,
}: {
  params: MeshParams;
  facets: { clusters: string[]; namespaces: string[]; workloads: string[] };
}) {
  const select = (
    name: string,
    label: string,
    value: string | undefined,
    options: [string, string][],
    any = "All",
  ) => (
    <div className="field">
      <label htmlFor={`mesh-${name}`}>{label}</label>
      <select id={`mesh-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  const opts = (xs: string[]) => xs.map((x) => [x, x] as [string, string]);
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
        select(
          "range",
          "Time",
          params.range ?? "24h",
          RANGE_KEYS.map((k) => [k, `Last ${k}`]),
          "Last 24h",
        )
      )}
      {select("cluster", "Cluster", params.cluster, opts(facets.clusters))}
      {select("namespace", "Namespace", params.namespace, opts(facets.namespaces))}
      {select("workload", "Workload", params.workload, opts(facets.workloads))}
      {select("policy", "Security policy", params.policy, [
        ["mutual_tls", "mutual_tls"],
        ["none", "none (plaintext)"],
        ["unknown", "unknown"],
      ])}
      {select("reporter", "Reported by", params.reporter, [
        ["destination", "destination (Istio)"],
        ["source", "source (Istio)"],
        ["hubble", "Hubble"],
      ])}
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
