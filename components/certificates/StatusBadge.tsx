const LABEL: Record<string, [string, string]> = {
  expired: ["bad", "expired"],
  lapsed: ["", "lapsed (not seen since)"],
  expiring7d: ["bad", "expires < 7 d"],
  expiring30d: ["warn", "expires < 30 d"],
  valid: ["ok", "valid"],
};

export function StatusBadge({ status }: { status: string }) {
  const [cls, text] = LABEL[status] ?? ["", status];
  return <span className={`badge ${cls}`}>{text}</span>;
}

const OUTCOME: Record<string, [string, string]> = {
  onTime: ["ok", "on time"],
  late: ["warn", "late"],
  missed: ["bad", "missed"],
  overdue: ["bad", "overdue"],
  notDue: ["info", "not yet due"],
};

export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <span className="badge">no lifetime known</span>;
  const [cls, text] = OUTCOME[outcome] ?? ["", outcome];
  return <span className={`badge ${cls}`}>{text}</span>;
}
