import type { RevisionView } from "@/lib/risks/queries";
import { formatInstant } from "@/lib/time/zone";

const LABEL: Record<string, string> = {
  create: "created",
  update: "edited",
  review: "reviewed",
  link: "evidence changed",
  import: "imported",
  "acceptance.approve": "acceptance approved",
  "acceptance.reject": "acceptance rejected",
  "acceptance.expire": "acceptance expired",
};

function show(v: unknown, names: Map<string, string>): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "string") return names.get(v) ?? (/^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 10) : v);
  if (Array.isArray(v)) return v.length ? v.join(", ") : "—";
  if (typeof v === "object" && "likelihood" in v && "impact" in v) {
    const s = v as { likelihood: number; impact: number };
    return `${s.likelihood}×${s.impact} = ${s.likelihood * s.impact}`;
  }
  if (typeof v === "object" && "state" in v) {
    const a = v as { state: string; approver: string | null; expiresAt: string };
    return `${a.state}, approver ${names.get(a.approver ?? "") ?? a.approver ?? "—"}, expires ${a.expiresAt.slice(0, 10)}`;
  }
  return JSON.stringify(v);
}

/** Every revision with who, when, and each changed field as before → after. */
export function History({
  revisions,
  names,
  zone,
}: {
  revisions: RevisionView[];
  names: Map<string, string>;
  zone: string;
}) {
  return (
    <ol className="history">
      {revisions.map((r) => (
        <li key={r.version}>
          <div>
            <strong>v{r.version}</strong> {LABEL[r.action] ?? r.action} by{" "}
            {r.actorType === "system"
              ? "Posture (automatic)"
              : (names.get(r.actorId ?? "") ?? r.actorLabel ?? "—")}{" "}
            <time className="small muted" dateTime={r.at}>
              {formatInstant(r.at, zone, { label: true })}
            </time>
          </div>
          {r.note && <div className="small">{r.note}</div>}
          {r.before && r.changed.length > 0 && (
            <table className="diff">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {r.changed.map((k) => (
                  <tr key={k}>
                    <td className="mono">{k}</td>
                    <td className="del">
                      {show((r.before as unknown as Record<string, unknown>)[k], names)}
                    </td>
                    <td className="ins">{show((r.after as unknown as Record<string, unknown>)[k], names)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  );
}
