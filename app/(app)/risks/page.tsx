import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { HeatMap } from "@/components/risks/HeatMap";
import { ImportForm } from "@/components/risks/ImportForm";
import { RegisterFilters } from "@/components/risks/RegisterFilters";
import { RememberFilters } from "@/components/risks/RememberFilters";
import { RiskTable } from "@/components/risks/RiskTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterNote } from "@/components/ui/FilterNote";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { exportFileName } from "@/lib/risks/csv";
import { describeFilters, filterQuery, parseFilters, type RiskFilters } from "@/lib/risks/filters";
import { db } from "@/lib/risks/http";
import { getSavedFilters } from "@/lib/risks/prefs";
import { heatmap, listRisks, riskCounts, riskOwners } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";

export const metadata: Metadata = { title: "Risks" };

type SP = Record<string, string | string[] | undefined>;

function toParams(sp: SP): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") p.set(k, v);
  return p;
}

async function RisksPage({ searchParams }: { searchParams: Promise<SP> }, me: Principal) {
  const sp = await searchParams;
  const params = toParams(sp);
  const saved = await getSavedFilters(db(), me.userId);
  // A bare /risks brings back the filters this user last used (and the page says so).
  if (params.size === 0 && saved) redirect(`/risks?${saved}&remembered=1`);
  let f: RiskFilters;
  let filterError: string | null = null;
  try {
    f = parseFilters(params, 200);
  } catch (e) {
    filterError = e instanceof AppError ? e.message : "Invalid filters";
    f = parseFilters(new URLSearchParams());
  }
  const asOfRaw = params.get("asOf");
  const asOf = asOfRaw && /^\d{4}-\d{2}-\d{2}$/.test(asOfRaw) ? new Date(`${asOfRaw}T23:59:59.999Z`) : null;
  const m = await getMatrix(db());
  let result: Awaited<ReturnType<typeof listRisks>>;
  try {
    result = await listRisks(db(), m, f);
  } catch (e) {
    filterError = e instanceof AppError ? e.message : "Invalid filters";
    f = parseFilters(new URLSearchParams());
    result = await listRisks(db(), m, f);
  }
  // Tiles and heat map count the cluster the list is filtered to (the other filters narrow the list only).
  const [heat, totals, owners] = await Promise.all([
    heatmap(db(), m, { asOf, cluster: f.cluster }),
    riskCounts(db(), m, { asOf: null, cluster: f.cluster }),
    riskOwners(db()),
  ]);
  const query = filterQuery(f);
  const canEdit = can(me.role, "manageRisks");
  const href = (over: Partial<RiskFilters>, keep: { asOf?: boolean; page?: number } = {}) => {
    const q = new URLSearchParams(filterQuery({ ...f, ...over }));
    if (keep.asOf && asOfRaw) q.set("asOf", asOfRaw);
    if (keep.page && keep.page > 1) q.set("page", String(keep.page));
    const s = q.toString();
    return s ? `/risks?${s}` : "/risks?all=1";
  };
  const pages = Math.max(1, Math.ceil(result.total / f.pageSize));
  const appetiteName = m.levels.find((l) => l.key === m.appetite)?.name ?? m.appetite;
  const active = describeFilters(f, {
    level: (k) => m.levels.find((l) => l.key === k)?.name ?? k,
    owner: (id) => owners.find((o) => o.id === id)?.name ?? id,
  });
  // Importing is offered on the empty register and below the list alike.
  const importCard = canEdit && (
    <section className="card">
      <h2>Import</h2>
      <ImportForm />
    </section>
  );
  const exportName = exportFileName(new Date().toISOString().slice(0, 10), describeFilters(f));

  return (
    <>
      <PageHeader
        title="Risk register"
        subtitle="Scored risks, their treatment, reviews and live evidence"
        actions={
          <>
            <Link className="btn" href="/risks/reviews">
              Review queue
            </Link>
            <Link className="btn" href="/risks/settings">
              Matrix
            </Link>
            <a
              className="btn"
              href={`/api/v1/risks/export?format=csv${query ? `&${query}` : ""}`}
              download={exportName}
              title={active.length ? `Exports the filtered list: ${active.join("; ")}` : "Exports every risk"}
            >
              {active.length ? "Export filtered CSV" : "Export CSV"}
            </a>
            {canEdit && (
              <Link className="btn primary" href="/risks/new">
                New risk
              </Link>
            )}
          </>
        }
      />
      <RememberFilters query={query} saved={saved} />
      {active.length > 0 && (
        <FilterNote clearHref="/risks?all=1">
          {active.join(" · ")}
          {sp.remembered ? " (remembered from your last visit)" : ""}
        </FilterNote>
      )}
      {totals.total === 0 && !f.cluster ? (
        <div className="stack">
          <EmptyState title="The register is empty">
            Risk managers record risks here with likelihood × impact (inherent, residual, target), owner,
            treatment and review dates, and link them to findings, incidents and live KPIs.{" "}
            {canEdit ? "Create one, or import a CSV below." : "Ask a risk manager to add the first one."}
          </EmptyState>
          {importCard}
        </div>
      ) : (
        <div className="stack">
          <div className="grid grid-4">
            <Link className="card tile" href={href({ status: ["open", "treating"] })}>
              <div className="label">Open</div>
              <div className="value">{totals.open}</div>
              <div className="sub">open or being treated</div>
            </Link>
            <Link className="card tile" href={href({ aboveAppetite: true })}>
              <div className="label">Above appetite</div>
              <div className="value">{totals.aboveAppetite}</div>
              <div className="sub">residual level above {appetiteName}</div>
            </Link>
            <Link className="card tile" href={href({ overdue: true })}>
              <div className="label">Review overdue</div>
              <div className="value">{totals.overdueReview}</div>
              <div className="sub">past their review date</div>
            </Link>
            <div className="card tile">
              <div className="label">In the register</div>
              <div className="value">{totals.total}</div>
              <div className="sub">including closed</div>
            </div>
          </div>
          <div className="risk-top">
            <section className="card" aria-labelledby="heat-h">
              <h2 id="heat-h">Residual heat map</h2>
              <form method="get" action="/risks" className="row no-print" aria-label="Heat map date">
                {Array.from(params.entries())
                  .filter(([k]) => k !== "asOf")
                  .map(([k, v]) => (
                    <input key={k} type="hidden" name={k} value={v} />
                  ))}
                <label htmlFor="asOf" className="small">
                  As of
                </label>
                <input
                  id="asOf"
                  name="asOf"
                  type="date"
                  defaultValue={asOfRaw ?? ""}
                  max={new Date().toISOString().slice(0, 10)}
                />
                <button className="btn small" type="submit">
                  Show
                </button>
                {asOf && (
                  <Link className="small" href={href({})}>
                    Today
                  </Link>
                )}
              </form>
              <HeatMap
                cells={heat.cells}
                selected={{ likelihood: f.likelihood, impact: f.impact }}
                hrefFor={(l, i) =>
                  f.likelihood === l && f.impact === i
                    ? href({ likelihood: null, impact: null }, { asOf: true })
                    : href({ likelihood: l, impact: i }, { asOf: true })
                }
                caption={`${heat.total} risk${heat.total === 1 ? "" : "s"} not closed${asOf ? `, as the register stood at the end of ${asOfRaw} (UTC)` : " now"}${f.cluster ? ` in ${f.cluster}` : ""}. Rows: likelihood; columns: impact. Select a cell to filter the list; again to clear.`}
              />
            </section>
            <RegisterFilters f={f} m={m} owners={owners} asOfRaw={asOfRaw} />
          </div>
          <section className="card" aria-labelledby="list-h">
            <h2 id="list-h">
              {result.total} risk{result.total === 1 ? "" : "s"}
              {query ? " matching" : ""}
              {(f.likelihood || f.impact) && (
                <span className="small muted">
                  {" "}
                  in cell likelihood {f.likelihood ?? "any"} × impact {f.impact ?? "any"}
                </span>
              )}
            </h2>
            {filterError && (
              <p className="form-error" role="alert">
                {filterError} (showing everything instead)
              </p>
            )}
            {result.risks.length === 0 ? (
              <p className="muted">No risk matches these filters.</p>
            ) : (
              <RiskTable
                risks={result.risks}
                sort={f.sort}
                desc={f.desc}
                sortHref={(sort, desc) => href({ sort: sort as RiskFilters["sort"], desc }, { asOf: true })}
              />
            )}
            {pages > 1 && (
              <nav className="row" aria-label="Pages">
                {f.page > 1 && (
                  <Link className="btn small" href={href({}, { asOf: true, page: f.page - 1 })}>
                    Previous
                  </Link>
                )}
                <span className="small muted">
                  Page {f.page} of {pages}
                </span>
                {f.page < pages && (
                  <Link className="btn small" href={href({}, { asOf: true, page: f.page + 1 })}>
                    Next
                  </Link>
                )}
              </nav>
            )}
          </section>
          {importCard}
        </div>
      )}
    </>
  );
}

export default securePage("read", RisksPage);
