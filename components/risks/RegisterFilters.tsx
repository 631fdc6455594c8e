import Link from "next/link";
import type { RiskFilters } from "@/lib/risks/filters";
import type { RiskMatrix } from "@/lib/risks/matrix";
import { STATUSES } from "@/lib/risks/model";

/**
 * The register's filter form (a plain GET form: the URL is the state, so a filtered register can be
 * bookmarked, shared and exported as it stands).
 */
export function RegisterFilters({
  f,
  m,
  owners,
  asOfRaw,
}: {
  f: RiskFilters;
  m: RiskMatrix;
  owners: { id: string; name: string }[];
  asOfRaw: string | null;
}) {
  return (
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
              {/* A combination a link brought (e.g. a KPI tile's open, treating or accepted) stays selected. */}
              {!["", "open,treating", ...STATUSES].includes(f.status.join(",")) && (
                <option value={f.status.join(",")}>{f.status.join(" or ")}</option>
              )}
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
              {f.owner && !owners.some((o) => o.id === f.owner) && <option value={f.owner}>{f.owner}</option>}
            </select>
          </div>
          <div className="field">
            <span className="label-like">Flags</span>
            <label className="check">
              <input type="checkbox" name="overdue" value="true" defaultChecked={f.overdue} /> review overdue
            </label>
            <label className="check">
              <input type="checkbox" name="aboveAppetite" value="true" defaultChecked={f.aboveAppetite} />{" "}
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
  );
}
