export function StatusBadge({ s }: { s: string }) {
  const cls = s === "resolved" ? "ok" : s === "contained" ? "info" : s === "open" ? "bad" : "warn";
  return <span className={`badge ${cls}`}>{s}</span>;
}
