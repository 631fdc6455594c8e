import type { Metadata } from "next";
import { DenyRateChart } from "@/components/charts/policy-deny-rate";
import { ComplianceSection } from "@/components/policy/ComplianceSection";
import { DecisionExplorer } from "@/components/policy/DecisionExplorer";
import { DeniesByPolicy, TopDeniedPairs } from "@/components/policy/DenyTables";
import { defaultFilters, type ExplorerFilters } from "@/components/policy/explorer-filters";
import { denyText, LOW_VOLUME, pct, shortId } from "@/components/policy/format";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import { complianceCounts, denyCounts } from "@/lib/policy/kpi";
import {
  complianceByCluster,
  complianceByPolicy,
  complianceEngines,
  deniesByPolicy,
  denyTrend,
  hasPolicyData,
  pageWindow,
  policyClusters,
  RANGES,
  type RangeKey,
  topDeniedPairs,
} from "@/lib/policy/queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Policy" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const instant = (v: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : "");

const EXPLORER_SPAN = 31 * 86_400_000;
/**
 * The explorer lists at most 31 days per query (lib/policy/queries.ts): a longer drill window (a 90-day
 * or quarter report) opens on its last 31 days, and the note says so beside the whole window's count.
 */
function explorerFrom(from: string, to: string): string {
  if (!to || Date.parse(to) - Date.parse(from) <= EXPLORER_SPAN) return from;
  return new Date(Date.parse(to) - EXPLORER_SPAN).toISOString();
}

/** The shortest page range that covers a drill window (a link from a 30-day figure shows 30 days). */
function rangeCovering(from: string, to: string): RangeKey | undefined {
  if (!from || !to) return undefined;
  const span = Date.parse(to) - Date.parse(from);
  return (Object.keys(RANGES) as RangeKey[]).find((k) => RANGES[k] >= span) ?? "30d";
}

async function PolicyPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const has = await hasPolicyData();
  if (!has.decisions && !has.snapshots) {
    return (
      <>
        <PageHeader title="Policy" subtitle="Runtime decisions and compliance reports across engines" />
        <EmptyState
          title="No policy decisions yet"
          example={`# OPA: decision_logs with a service pointing at\n#   ${"$POSTURE_URL"}/api/v1/opa  (it posts to /logs)\ncurl -H "Authorization: Bearer $TOKEN" --data-binary @opa.jsonl \\\n  "$POSTURE_URL/api/v1/ingest/policy?format=opa"\n# also: format=policyreport | gatekeeper | envoy-accesslog | hubble  (&cluster=NAME)`}
        >
          This page shows the deny rate over time, top denied source→destination pairs, compliance by cluster
          and a decision explorer. Send OPA decision logs, Kyverno PolicyReports, Gatekeeper constraints,
          Envoy access logs or Hubble flows.
        </EmptyState>
      </>
    );
  }

  const zone = await displayZone();
  const [clusters, engines] = await Promise.all([policyClusters(), complianceEngines()]);
  const cluster = clusters.includes(one(sp.cluster)) ? one(sp.cluster) : null;
  // A drill link (the overview's deny rate, a chart bar, a table row) names the explorer's filter with d*.
  const dfrom = instant(one(sp.dfrom));
  const dto = instant(one(sp.dto));
  const w = pageWindow(one(sp.range) || rangeCovering(dfrom, dto));
  const engine = engines.includes(one(sp.engine)) ? one(sp.engine) : null;
  const initial: ExplorerFilters = {
    ...defaultFilters(w.to, one(sp.dcluster) || cluster || ""),
    engine: one(sp.dengine),
    result: one(sp.dresult),
    subject: one(sp.dsubject),
    target: one(sp.dtarget),
    policy: one(sp.dpolicy),
    ...(dfrom ? { from: explorerFrom(dfrom, dto) } : {}),
    ...(dto ? { to: dto } : {}),
  };
  const drilled = !!(dfrom && dto && initial.result === "deny" && !initial.subject && !initial.target);
  const [trend, pairs, byPolicy, compliance, byCluster, deny, comp, drillDeny] = await Promise.all([
    denyTrend(w, cluster),
    topDeniedPairs(w, cluster, 10),
    deniesByPolicy(w, cluster, 15),
    complianceByPolicy(cluster, new Date(), engine),
    complianceByCluster(new Date()),
    denyCounts(w.from, w.to, cluster),
    complianceCounts(new Date(), cluster),
    // The figure a deny-rate link came from, counted the same way (the explorer lists its denies).
    drilled && !initial.policy && !initial.engine
      ? denyCounts(new Date(dfrom), new Date(dto), initial.cluster || null)
      : null,
  ]);
  const base = `/policy?range=${w.range}${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}`;
  const drill = (p: Record<string, string>) =>
    `${base}&${new URLSearchParams({ dfrom: w.from.toISOString(), dto: w.to.toISOString(), dresult: "deny", ...p })}#explorer`;
  const complianceRate =
    comp.pass + comp.fail + comp.error > 0 ? comp.pass / (comp.pass + comp.fail + comp.error) : null;

  return (
    <>
      <PageHeader
        title="Policy"
        subtitle="Runtime decisions (OPA, Envoy/Istio, Cilium) and compliance state (policy reports from Kyverno, Trivy, kube-bench, Falco…; Gatekeeper)"
        actions={
          <form method="get" className="row" aria-label="Time range and cluster">
            <label>
              <span className="sr-only">Time range</span>
              <select name="range" defaultValue={w.range}>
                {Object.keys(RANGES).map((r) => (
                  <option key={r} value={r}>
                    last {r}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">Cluster</span>
              <select name="cluster" defaultValue={cluster ?? ""}>
                <option value="">all clusters</option>
                {clusters.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn">
              Show
            </button>
          </form>
        }
      />
      <div className="stack">
        <div className="grid grid-4">
          <div className="card tile">
            <div className="label">Deny rate</div>
            <div className="value">{pct(deny.total ? deny.denied / deny.total : null)}</div>
            <div className="sub">
              {deny.denied.toLocaleString("en")} of {deny.total.toLocaleString("en")} runtime decisions, last{" "}
              {w.range} (to {formatInstant(w.to, zone, { label: true })})
              {deny.total > 0 && deny.total < LOW_VOLUME && (
                <span className="badge warn">low volume: fewer than {LOW_VOLUME} decisions</span>
              )}
            </div>
          </div>
          <div className="card tile">
            <div className="label">Compliance</div>
            <div className="value">{pct(complianceRate)}</div>
            <div className="sub">
              {comp.pass} pass · {comp.fail} fail · {comp.error} error (latest reports)
            </div>
          </div>
          <div className="card tile">
            <div className="label">Top denied pair</div>
            <div className="value value-small">
              {pairs[0] ? `${pairs[0].denied.toLocaleString("en")} denies` : "none"}
            </div>
            <div className="sub mono">
              {pairs[0] ? `${shortId(pairs[0].subject)} → ${shortId(pairs[0].target)}` : ""}
            </div>
          </div>
          <div className="card tile">
            <div className="label">Clusters reporting</div>
            <div className="value">{byCluster.length}</div>
            <div className="sub">with PolicyReport / Gatekeeper state</div>
          </div>
        </div>

        <section className="card" aria-labelledby="trend-h">
          <h2 id="trend-h">Deny rate over time</h2>
          {deny.total === 0 ? (
            <p className="muted">No runtime decisions in the last {w.range}. Pick a longer range above.</p>
          ) : (
            <DenyRateChart points={trend} unit={w.unit} drillBase={base} zone={zone} />
          )}
        </section>

        <div className="grid grid-2">
          <section className="card" aria-labelledby="pairs-h">
            <h2 id="pairs-h">Top denied source → destination</h2>
            <TopDeniedPairs pairs={pairs} drill={drill} />
          </section>
          <section className="card" aria-labelledby="bypolicy-h">
            <h2 id="bypolicy-h">Denies by policy and rule</h2>
            <DeniesByPolicy rows={byPolicy} drill={drill} />
          </section>
        </div>

        <section className="card" id="compliance" aria-labelledby="comp-h">
          <h2 id="comp-h">Compliance by cluster and policy</h2>
          <ComplianceSection
            byCluster={byCluster}
            byPolicy={compliance}
            engines={engines}
            engine={engine}
            cluster={cluster}
            range={w.range}
            zone={zone}
          />
        </section>

        <DecisionExplorer
          key={JSON.stringify(initial)}
          initial={initial}
          clusters={clusters}
          zone={zone}
          summary={
            drillDeny
              ? initial.from === dfrom
                ? `${denyText(drillDeny)} in this window (runtime engines)`
                : `${denyText(drillDeny)} from ${formatInstant(dfrom, zone, { label: true })} (runtime engines); the list shows the last 31 days of that window`
              : undefined
          }
        />
      </div>
    </>
  );
}

export default securePage("read", PolicyPage);
