import Link from "next/link";
import { DataTable } from "@/components/ui/DataTable";
import { FilterSelect } from "@/components/ui/FilterSelect";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { pct } from "./format";

interface Counts {
  pass: number;
  fail: number;
  error: number;
}
const rate = (c: Counts) => pct(c.pass + c.fail + c.error ? c.pass / (c.pass + c.fail + c.error) : null);
const countColumns = (["pass", "fail", "error"] as const).map((k) => ({
  key: k,
  header: k[0].toUpperCase() + k.slice(1),
  numeric: true,
  cell: (c: Counts) => c[k],
}));

/** Compliance (latest report state, as of now) per cluster, then per policy, optionally for one engine. */
export function ComplianceSection({
  byCluster,
  byPolicy,
  engines,
  engine,
  cluster,
  range,
  zone,
}: {
  byCluster: (Counts & { cluster: string; collectedAt: Date })[];
  byPolicy: (Counts & {
    cluster: string;
    source: string;
    engine: string;
    policy: string;
    category: string | null;
    severity: string | null;
    warn: number;
    skip: number;
    compliance: number | null;
  })[];
  engines: string[];
  engine: string | null;
  cluster: string | null;
  range: string;
  zone: string;
}) {
  if (byCluster.length === 0)
    return (
      <p className="muted">
        No PolicyReport or Gatekeeper state yet: send <code>format=policyreport</code> or{" "}
        <code>format=gatekeeper</code>.
      </p>
    );
  return (
    <div className="stack">
      <DataTable
        caption="Compliance by cluster"
        captionHidden
        rows={byCluster}
        rowKey={(c) => c.cluster}
        columns={[
          {
            key: "cluster",
            header: "Cluster",
            cell: (c) => (
              <Link href={`/policy?range=${range}&cluster=${encodeURIComponent(c.cluster)}`}>
                {c.cluster}
              </Link>
            ),
          },
          ...countColumns,
          { key: "rate", header: "Compliance", numeric: true, cell: rate },
          {
            key: "at",
            header: `Collected (${zoneLabel(zone)})`,
            className: "small nowrap",
            cell: (c) => formatInstant(c.collectedAt, zone),
          },
        ]}
      />
      {engines.length > 1 && (
        <form method="get" className="row" aria-label="Compliance engine">
          <input type="hidden" name="range" value={range} />
          {cluster && <input type="hidden" name="cluster" value={cluster} />}
          <FilterSelect
            param="engine"
            label="Engine"
            value={engine ?? ""}
            allLabel="all engines"
            options={engines}
          />
          <button type="submit" className="btn">
            Filter
          </button>
        </form>
      )}
      <DataTable
        caption="Compliance by policy"
        captionHidden
        rows={byPolicy}
        rowKey={(p) => `${p.cluster}|${p.source}|${p.engine}|${p.policy}`}
        columns={[
          { key: "cluster", header: "Cluster", cell: (p) => p.cluster },
          {
            key: "engine",
            header: "Engine",
            className: "small",
            cell: (p) => (p.source === "gatekeeper" ? "gatekeeper" : p.engine),
          },
          { key: "policy", header: "Policy", className: "small mono wrap", cell: (p) => p.policy },
          {
            key: "sev",
            header: "Severity",
            cell: (p) => (p.severity ? <SeverityBadge s={p.severity} /> : "—"),
          },
          ...countColumns,
          { key: "ws", header: "Warn / skip", numeric: true, cell: (p) => `${p.warn} / ${p.skip}` },
          {
            key: "rate",
            header: "Compliance",
            numeric: true,
            cell: (p) =>
              p.source === "gatekeeper" ? (
                <span className="muted">no passes reported</span>
              ) : (
                pct(p.compliance)
              ),
          },
        ]}
      />
    </div>
  );
}
