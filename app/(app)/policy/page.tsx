import type { Metadata } from "next";
import Link from "next/link";
import { DenyRateChart } from "@/components/charts/policy-deny-rate";
import { DecisionExplorer, type ExplorerFilters } from "@/components/policy/DecisionExplorer";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
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
  topDeniedPairs,
} from "@/lib/policy/queries";

export const metadata: Metadata = { title: "Policy" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
// spiffe://acme.internal/ns/shop/sa/frontend → shop/sa/frontend (the full ID stays in the title).
const short = (id: string) => id.replace(/^spiffe:\/\/[^/]+\/ns\//, "") || "?";
const pct = (v: number | null) => (v === null ? "—" : `${(Math.round(v * 1000) / 10).toFixed(1)} %`);
const sevBadge = (s: string | null) =>
  s ? (
    <span className={`badge ${s === "critical" || s === "high" ? "bad" : s === "medium" ? "warn" : "info"}`}>
      {s}
    </span>
  ) : (
    "—"
  );

async function PolicyPage({ searchParams }: { searchParams: Promise<Search> }, _user: Principal) {
  const sp = await searchParams;
  const sql = sqlOfPg(pool());
  const has = await hasPolicyData(sql);
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

  const clusters = await policyClusters(sql);
  const cluster = clusters.includes(one(sp.cluster)) ? one(sp.cluster) : null;
  const w = pageWindow(one(sp.range));
  const engines = await complianceEngines(sql);
  const engine = engines.includes(one(sp.engine)) ? one(sp.engine) : null;
  const [trend, pairs, byPolicy, compliance, byCluster, deny, comp] = await Promise.all([
    denyTrend(w, cluster, sql),
    topDeniedPairs(w, cluster, 10, sql),
    deniesByPolicy(w, cluster, 15, sql),
    complianceByPolicy(cluster, new Date(), sql, engine),
    complianceByCluster(new Date(), sql),
    denyCounts(sql, w.from, w.to, cluster),
    complianceCounts(sql, new Date(), cluster),
  ]);
  const base = `/policy?range=${w.range}${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}`;
  const drill = (p: Record<string, string>) =>
    `${base}&${new URLSearchParams({ dfrom: w.from.toISOString(), dto: w.to.toISOString(), dresult: "deny", ...p })}#explorer`;
  const initial: ExplorerFilters = {
    cluster: one(sp.dcluster) || cluster || "",
    engine: one(sp.dengine),
    result: one(sp.dresult),
    subject: one(sp.dsubject),
    target: one(sp.dtarget),
    policy: one(sp.dpolicy),
    from: one(sp.dfrom) || new Date(w.to.getTime() - 86_400_000).toISOString(),
    to: one(sp.dto) || w.to.toISOString(),
  };
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
              {w.range}
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
            <div className="value" style={{ fontSize: 16 }}>
              {pairs[0] ? `${pairs[0].denied.toLocaleString("en")} denies` : "none"}
            </div>
            <div className="sub mono">
              {pairs[0] ? `${short(pairs[0].subject)} → ${short(pairs[0].target)}` : ""}
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
            <DenyRateChart points={trend} unit={w.unit} drillBase={base} />
          )}
        </section>

        <div className="grid grid-2">
          <section className="card" aria-labelledby="pairs-h">
            <h2 id="pairs-h">Top denied source → destination</h2>
            {pairs.length === 0 ? (
              <p className="muted">No denies in this window.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Source → destination</th>
                      <th>Engines</th>
                      <th className="num">Denies</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pairs.map((p) => (
                      <tr key={`${p.subject}|${p.target}`}>
                        <td className="small mono">
                          <Link
                            href={drill({ dsubject: p.subject, dtarget: p.target })}
                            title={`${p.subject} → ${p.target}`}
                          >
                            {short(p.subject)} → {short(p.target)}
                          </Link>
                        </td>
                        <td className="small">{p.engines.join(", ")}</td>
                        <td className="num">{p.denied.toLocaleString("en")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="bypolicy-h">
            <h2 id="bypolicy-h">Denies by policy and rule</h2>
            {byPolicy.length === 0 ? (
              <p className="muted">No denies in this window.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Engine</th>
                      <th>Policy</th>
                      <th>Rule</th>
                      <th className="num">Denies</th>
                    </tr>
                  </thead>
                  <tbody>
                    {byPolicy.map((p) => (
                      <tr key={`${p.engine}|${p.policy}|${p.rule}`}>
                        <td>{p.engine}</td>
                        <td className="small mono">
                          {p.policy ? (
                            <Link href={drill({ dengine: p.engine, dpolicy: p.policy })}>{p.policy}</Link>
                          ) : (
                            <Link href={drill({ dengine: p.engine })}>
                              <span className="muted">(default deny / no policy named)</span>
                            </Link>
                          )}
                        </td>
                        <td className="small">{p.rule || "—"}</td>
                        <td className="num">{p.denied.toLocaleString("en")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>

        <section className="card" aria-labelledby="comp-h">
          <h2 id="comp-h">Compliance by cluster and policy</h2>
          {byCluster.length === 0 ? (
            <p className="muted">
              No PolicyReport or Gatekeeper state yet: send <code>format=policyreport</code> or{" "}
              <code>format=gatekeeper</code>.
            </p>
          ) : (
            <>
              <div className="table-wrap" style={{ marginBottom: 16 }}>
                <table>
                  <thead>
                    <tr>
                      <th>Cluster</th>
                      <th className="num">Pass</th>
                      <th className="num">Fail</th>
                      <th className="num">Error</th>
                      <th className="num">Compliance</th>
                      <th>Collected</th>
                    </tr>
                  </thead>
                  <tbody>
                    {byCluster.map((c) => (
                      <tr key={c.cluster}>
                        <td>
                          <Link href={`/policy?range=${w.range}&cluster=${encodeURIComponent(c.cluster)}`}>
                            {c.cluster}
                          </Link>
                        </td>
                        <td className="num">{c.pass}</td>
                        <td className="num">{c.fail}</td>
                        <td className="num">{c.error}</td>
                        <td className="num">
                          {pct(c.pass + c.fail + c.error ? c.pass / (c.pass + c.fail + c.error) : null)}
                        </td>
                        <td className="small">
                          {new Date(c.collectedAt).toISOString().replace("T", " ").slice(0, 16)} UTC
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-wrap">
                {engines.length > 1 && (
                  <form
                    method="get"
                    className="row"
                    aria-label="Compliance engine"
                    style={{ marginBottom: 8 }}
                  >
                    <input type="hidden" name="range" value={w.range} />
                    {cluster && <input type="hidden" name="cluster" value={cluster} />}
                    <label>
                      Engine{" "}
                      <select name="engine" defaultValue={engine ?? ""}>
                        <option value="">all engines</option>
                        {engines.map((e) => (
                          <option key={e}>{e}</option>
                        ))}
                      </select>
                    </label>
                    <button type="submit" className="btn">
                      Filter
                    </button>
                  </form>
                )}
                <table>
                  <thead>
                    <tr>
                      <th>Cluster</th>
                      <th>Engine</th>
                      <th>Policy</th>
                      <th>Severity</th>
                      <th className="num">Pass</th>
                      <th className="num">Fail</th>
                      <th className="num">Error</th>
                      <th className="num">Warn / skip</th>
                      <th className="num">Compliance</th>
                    </tr>
                  </thead>
                  <tbody>
                    {compliance.map((p) => (
                      <tr key={`${p.cluster}|${p.source}|${p.engine}|${p.policy}`}>
                        <td>{p.cluster}</td>
                        <td className="small">{p.source === "gatekeeper" ? "gatekeeper" : p.engine}</td>
                        <td className="small mono" title={p.category ?? undefined}>
                          {p.policy}
                        </td>
                        <td>{sevBadge(p.severity)}</td>
                        <td className="num">{p.pass}</td>
                        <td className="num">{p.fail}</td>
                        <td className="num">{p.error}</td>
                        <td className="num">
                          {p.warn} / {p.skip}
                        </td>
                        <td className="num">
                          {p.source === "gatekeeper" ? (
                            <span className="muted">no passes reported</span>
                          ) : (
                            pct(p.compliance)
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>

        <DecisionExplorer key={JSON.stringify(initial)} initial={initial} clusters={clusters} />
      </div>
    </>
  );
}

export default securePage("read", PolicyPage);
