import type { RiskBody } from "@/lib/risks/mutations/revisions";
import { formatInstant } from "@/lib/time/zone";
import { changed, type FormState, fromRisk, showValue, type UserOption } from "./state";

/** Someone saved the risk during this edit: what they changed, and the two ways on. */
export function StaleNotice({
  stale,
  base,
  version,
  users,
  zone,
  onKeepMine,
  onLoadTheirs,
}: {
  stale: RiskBody;
  base: FormState;
  version: number;
  users: UserOption[];
  zone: string;
  onKeepMine: () => void;
  onLoadTheirs: () => void;
}) {
  return (
    <div className="card stale" role="alert">
      <h2>Someone saved this risk while you were editing</h2>
      <p>
        Version {stale.version} was saved at{" "}
        {formatInstant(stale.updatedAt, zone, { seconds: true, label: true })}; you started from version{" "}
        {version}. Nothing of yours was saved. Their version:
      </p>
      <ul className="small">
        {Object.entries(changed(base, fromRisk(stale))).map(([k, v]) => (
          <li key={k}>
            <strong>{k}</strong>: {showValue(v, users)}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="btn primary" onClick={onKeepMine}>
          Keep my changes on top of theirs
        </button>
        <button type="button" className="btn" onClick={onLoadTheirs}>
          Discard mine and load theirs
        </button>
      </div>
    </div>
  );
}
