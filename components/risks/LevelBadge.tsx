import type { ScoredView } from "@/lib/risks/model";

/** A score with its level: colour swatch plus the words, so colour is never the only signal. */
export function LevelBadge({
  s,
}: {
  s: Pick<ScoredView, "likelihood" | "impact" | "score" | "levelName" | "color">;
}) {
  return (
    <span className="risk-level" title={`Likelihood ${s.likelihood} × impact ${s.impact} = ${s.score}`}>
      <span className="risk-swatch" style={{ background: s.color }} aria-hidden="true" />
      {s.levelName} <span className="muted small">({s.score})</span>
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const cls =
    status === "closed" ? "ok" : status === "accepted" ? "info" : status === "treating" ? "warn" : "bad";
  return <span className={`badge ${cls}`}>{status}</span>;
}
