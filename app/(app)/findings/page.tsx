import type { Metadata } from "next";
import { FindingsTable } from "@/components/findings/FindingsTable";
import { RulesTable } from "@/components/findings/RulesTable";
import { DurationTile } from "@/components/incidents/DurationTile";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterSelect } from "@/components/ui/FilterSelect";
import { ClusterFilter, SeverityFilter } from "@/components/ui/filters";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { type FindingFilters, findingFigures, findingRules, listFindings } from "@/lib/detection/queries";
import { ruleSettings } from "@/lib/detection/rule-settings";
import { DETECTION_RULES, ruleLabel } from "@/lib/detection/rules";
import { listClusters } from "@/lib/sources/queries";
import { displayZone } from "@/lib/time/server";

export const metadata: Metadata = { title: "Findings" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : null);

async function FindingsPage({ searchParams }: { searchParams: Promise<Search> }, user: Principal) {
  const sp = await searchParams;
  const status = one(sp.status);
  const filters: FindingFilters = {
    status: status === "open" || status === "resolved" ? status : null,
    rule: one(sp.rule),
    cluster: one(sp.cluster),
    severity: one(sp.severity),
  };
  const [items, rules, clusters, settings, zone] = await Promise.all([
    listFindings(filters),
    findingRules(),
    listClusters(),
    ruleSettings(),
    displayZone(),
  ]);
  const fig = findingFigures(items);
  const operator = can(user.role, "operate");
  const allRules = [...new Set([...DETECTION_RULES.map((r) => r.id), ...rules])];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Findings"
        subtitle="Unsafe states detected by Posture's own rules; escalate them to incidents"
      />
      <div className="stack">
        <div className="grid grid-4">
          <section className="card tile">
            <div className="label">Open</div>
            <div className="value">{fig.open}</div>
            <div className="sub">{fig.escalated} escalated to incidents</div>
          </section>
          <DurationTile title="Detection latency" help="detected − started" s={fig.detectionLatency} />
          <DurationTile title="Time to remediate" help="resolved − detected" s={fig.timeToRemediate} />
          <section className="card tile">
            <div className="label">Listed</div>
            <div className="value">{items.length}</div>
            <div className="sub">{filtered ? "matching the filters" : "all findings"}</div>
          </section>
        </div>

        {items.length === 0 && !filtered ? (
          <EmptyState title="No findings">
            Posture's rules (plaintext cross-cluster traffic, expired certificates still in use, missed
            rotations, unknown trust domains, deny spikes) run on every ingest and on a schedule. Findings
            appear here with their detection latency; operators can escalate them to incidents.
          </EmptyState>
        ) : (
          <section className="card">
            <h2>Findings</h2>
            <form className="row no-print filter-row" method="get" aria-label="Filter findings">
              <FilterSelect
                param="status"
                label="Status"
                hideLabel
                value={filters.status}
                allLabel="open and resolved"
                options={["open", "resolved"]}
              />
              <FilterSelect
                param="rule"
                label="Rule"
                hideLabel
                value={filters.rule}
                allLabel="every rule"
                options={allRules.map((r) => ({ value: r, label: ruleLabel(r) }))}
              />
              <ClusterFilter value={filters.cluster} clusters={clusters.map((c) => c.name)} />
              <SeverityFilter value={filters.severity} />
              <button className="btn small" type="submit">
                Filter
              </button>
            </form>
            <FindingsTable items={items} operator={operator} zone={zone} />
          </section>
        )}

        <section className="card">
          <h2>Rules</h2>
          <p className="small muted">
            A rule set to auto-escalate turns each of its open findings into an incident (joining the open
            incident of the same subject). Off by default; every change is audited.
          </p>
          <RulesTable settings={settings} operator={operator} />
        </section>
      </div>
    </>
  );
}

export default securePage("read", FindingsPage);
