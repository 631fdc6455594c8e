import type { EdgeSummary } from "@/lib/telemetry/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { volume } from "./format";

const policyBadge = (p: string) => (p === "mutual_tls" ? "ok" : p === "none" ? "bad" : "");

function End({
  c,
  ns,
  wl,
  principal,
}: {
  c: string | null;
  ns: string | null;
  wl: string | null;
  principal?: string | null;
}) {
  return (
    <>
      <div>
        <strong>{wl ?? "unknown"}</strong>{" "}
        <span className="muted small">
          {ns ? `${ns} · ` : ""}
          {c ?? "outside mesh"}
        </span>
      </div>
      {principal !== undefined && (
        <div className="mono small muted mesh-principal">{principal ?? "no principal"}</div>
      )}
    </>
  );
}

export function EdgeTable({
  edges,
  showPrincipals,
  showReporter,
  zone,
}: {
  edges: EdgeSummary[];
  showPrincipals: boolean;
  showReporter: boolean;
  /** The display zone (lib/time). */
  zone: string;
}) {
  return (
    // Focusable so keyboard users can scroll a wide table (axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label="Traffic edges">
      <table>
        <thead>
          <tr>
            <th>Source</th>
            <th>Destination</th>
            <th>Protocol</th>
            <th>Security policy</th>
            {showReporter && <th>Reported by</th>}
            <th className="num">Requests</th>
            <th className="num">Connections</th>
            <th className="num">Denied</th>
            <th className="num">Dropped</th>
            <th>Last seen ({zoneLabel(zone)})</th>
          </tr>
        </thead>
        <tbody>
          {edges.map((e) => (
            <tr
              key={[
                e.reporter,
                e.srcCluster,
                e.srcNamespace,
                e.srcWorkload,
                e.srcPrincipal,
                e.dstCluster,
                e.dstNamespace,
                e.dstWorkload,
                e.dstPrincipal,
                e.protocol,
                e.securityPolicy,
              ].join("|")}
            >
              <td>
                <End
                  c={e.srcCluster}
                  ns={e.srcNamespace}
                  wl={e.srcWorkload}
                  principal={showPrincipals ? e.srcPrincipal : undefined}
                />
              </td>
              <td>
                <End
                  c={e.dstCluster}
                  ns={e.dstNamespace}
                  wl={e.dstWorkload}
                  principal={showPrincipals ? e.dstPrincipal : undefined}
                />
              </td>
              <td>{e.protocol}</td>
              <td>
                <span className={`badge ${policyBadge(e.securityPolicy)}`}>
                  {e.securityPolicy === "none" ? "plaintext" : e.securityPolicy}
                </span>
              </td>
              {showReporter && <td className="small">{e.reporter}</td>}
              <td className="num">{volume(e.requests)}</td>
              <td className="num">{volume(e.connections)}</td>
              <td className="num">{e.denied ? volume(e.denied) : "—"}</td>
              <td className="num">{e.dropped ? volume(e.dropped) : "—"}</td>
              <td className="small nowrap">{formatInstant(e.last, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
