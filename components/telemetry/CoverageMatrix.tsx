import type { ClusterPair } from "@/lib/telemetry/queries";
import { clusterLabel, clusterParam, coverageColor, pct, query, volume } from "./format";

/** Source cluster × destination cluster, each cell coloured by mTLS coverage and linking to its drill-down. */
export function CoverageMatrix({
  pairs,
  base,
}: {
  pairs: ClusterPair[];
  base: Record<string, string | undefined>;
}) {
  const order = (xs: (string | null)[]) =>
    [...new Set(xs)].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  const srcs = order(pairs.map((p) => p.src));
  const dsts = order(pairs.map((p) => p.dst));
  const cell = (s: string | null, d: string | null) => pairs.find((p) => p.src === s && p.dst === d);
  return (
    <div className="table-wrap">
      <table className="mesh-matrix">
        <caption className="sr-only">
          mTLS coverage by source cluster (rows) and destination cluster (columns), with request and
          connection volume
        </caption>
        <thead>
          <tr>
            <th scope="col">Source ↓ / destination →</th>
            {dsts.map((d) => (
              <th key={clusterParam(d)} scope="col">
                {clusterLabel(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {srcs.map((s) => (
            <tr key={clusterParam(s)}>
              <th scope="row">{clusterLabel(s)}</th>
              {dsts.map((d) => {
                const c = cell(s, d);
                if (!c) {
                  return (
                    <td key={clusterParam(d)} className="mesh-cell empty-cell">
                      <span className="muted small">no traffic</span>
                    </td>
                  );
                }
                return (
                  <td
                    key={clusterParam(d)}
                    className="mesh-cell"
                    style={{ background: coverageColor(c.percent) }}
                  >
                    <a
                      href={`${query(base, { srcCluster: clusterParam(s), dstCluster: clusterParam(d) })}#drill`}
                      aria-label={`${clusterLabel(s)} to ${clusterLabel(d)}: ${pct(c.percent)} mTLS of ${volume(c.total)} requests and connections; show workloads`}
                    >
                      <span className="mesh-pct">{pct(c.percent)}</span>
                      <span className="mesh-vol">{volume(c.total)} req+conn</span>
                      {c.plaintext > 0 && <span className="badge bad">{volume(c.plaintext)} plaintext</span>}
                    </a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
