import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { HeatMap } from "@/components/risks/HeatMap";
import { ImportForm } from "@/components/risks/ImportForm";
import { RememberFilters } from "@/components/risks/RememberFilters";
import { RiskTable } from "@/components/risks/RiskTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { filterQuery, parseFilters, type RiskFilters } from "@/lib/risks/filters";
import { db } from "@/lib/risks/http";
import { STATUSES } from "@/lib/risks/model";
import { getSavedFilters } from "@/lib/risks/prefs";
import { heatmap, listRisks } from "@/lib/risks/queries";
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
  // A bare /risks brings back the filters this user last used.
  if (params.size === 0 && saved) redirect(`/risks?${saved}`);
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
  const [heat, everything] = await Promise.all([
    heatmap(db(), m, { asOf, cluster: f.cluster }),
    db().query<{ n: number; open: number; above: number; overdue: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('open','treating'))::int AS open,
              count(*) FILTER (WHERE status <> 'closed' AND ((($1::jsonb -> ("residualLikelihood" - 1)) ->> ("residualImpact" - 1))::int) > $2)::int AS above,
              count(*) FILTER (WHERE status <> 'closed' AND "reviewDue" < now())::int AS overdue FROM risk`,
      [JSON.stringify(m.grid), m.levels.findIndex((l) => l.key === m.appetite)],
    ),
  ]);
  const totals = everything[0];
  // Owners who own at least one risk: the owner filter's choices.
  const owners = await db().query<{ id: string; name: string }>(
    `SELECT DISTINCT u.id, u.name FROM risk r JOIN "user" u ON u.id = r."ownerId" ORDER BY u.name`,
  );
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
            <a className="btn" href={`/api/v1/risks/export?format=csv${query ? `&${query}` : ""}`} download>
              Export CSV
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
      {totals.n === 0 ? (
        <div className="stack">
          <EmptyState title="The register is empty">
            Risk managers record risks here with likelihood × impact (inherent, residual, target), owner,
            treatment and review dates, and link them to findings, incidents and live KPIs.{" "}
            {canEdit ? "Create one, or import a CSV below." : "Ask a risk manager to add the first one."}
          </EmptyState>
          {canEdit && (
            <section className="card">
              <h2>Import</h2>
              <ImportForm />
            </section>
          )}
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
              <div className="value">{totals.above}</div>
              <div className="sub">residual level above {appetiteName}</div>
            </Link>
            <Link className="card tile" href={href({ overdue: true })}>
              <div className="label">Review overdue</div>
              <div className="value">{totals.overdue}</div>
              <div className="sub">past their review date</div>
            </Link>
            <div className="card tile">
              <div className="label">In the register</div>
              <div className="value">{totals.n}</div>
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
            <section className="card" aria-labelledby="filter-h">
              <h2 id="filter-h">Filters</h2>
              <form method="get" action="/risks" aria-label="Register filters">
                <div className="grid grid-2">
                  <div className="field">
                    <label htmlFor="f-q">Search</label>
                    <input id="f-q" name="q" defaultValue={f.q ?? ""} placeholder="title or description" />
                  </div>
                  <div className="field">
                    <label htmlFor="f-status">Status</label>
                    <select id="f-status" name="status" defaultValue={f.status.join(",")}>
                      <option value="">any</option>
                      <option value="open,treating">open or treating</option>
                      {STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="f-level">Residual level</label>
                    <select id="f-level" name="level" defaultValue={f.level.join(",")}>
                      <option value="">any</option>
                      {m.levels.map((l) => (
                        <option key={l.key} value={l.key}>
                          {l.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="f-cluster">Cluster</label>
                    <input id="f-cluster" name="cluster" defaultValue={f.cluster ?? ""} />
                  </div>
                  <div className="field">
                    <label htmlFor="f-owner">Owner</label>
                    <select id="f-owner" name="owner" defaultValue={f.owner ?? ""}>
                      <option value="">anyone</option>
                      {owners.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                      {f.owner && !owners.some((o) => o.id === f.owner) && (
                        <option value={f.owner}>{f.owner}</option>
                      )}
                    </select>
                  </div>
                  <div className="field">
                    <span className="label-like">Flags</span>
                    <label className="check">
                      <input type="checkbox" name="overdue" value="true" defaultChecked={f.overdue} /> review
                      overdue
                    </label>
                    <label className="check">
                      <input
                        type="checkbox"
                        name="aboveAppetite"
                        value="true"
                        defaultChecked={f.aboveAppetite}
                      />{" "}
                      above appetite
                    </label>
                  </div>
                </div>
                {f.likelihood && <input type="hidden" name="likelihood" value={f.likelihood} />}
                {f.impact && <input type="hidden" name="impact" value={f.impact} />}
                {asOfRaw && <input type="hidden" name="asOf" value={asOfRaw} />}
                <input type="hidden" name="sort" value={`${f.desc ? "-" : ""}${f.sort}`} />
                <div className="row">
                  <button className="btn primary" type="submit">
                    Apply
                  </button>
                  <Link className="btn" href="/risks?all=1">
                    Clear
                  </Link>
                </div>
                <p className="small muted">Your filters are remembered for your next visit.</p>
              </form>
            </section>
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
          {canEdit && (
            <section className="card">
              <h2>Import</h2>
              <ImportForm />
            </section>
          )}
        </div>
      )}
    </>
  );
}

export default securePage("read", RisksPage);
