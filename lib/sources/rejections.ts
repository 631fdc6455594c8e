// A batch's rejected records as the Sources page shows them: grouped by reason (a parser gives the same
// reason to every record with the same fault), most frequent first, with where the first few sat in the
// payload. Pure; the batch writer stores up to 1000 rejections per batch, the page reads the first 200.

import type { Rejection } from "@/lib/ingest/types";

export interface RejectionGroup {
  reason: string;
  count: number;
  /** "line 3", "record 0": the first few records with this reason. */
  where: string[];
}

export interface RejectionSummary {
  groups: RejectionGroup[];
  /** Rejections counted in the batch but not among the stored ones read here. */
  unlisted: number;
}

const EXAMPLES = 5;

const whereOf = (r: Rejection) =>
  r.line !== undefined ? `line ${r.line}` : r.index !== undefined ? `record ${r.index}` : null;

export function summariseRejections(stored: readonly Rejection[], rejectedCount: number): RejectionSummary {
  const byReason = new Map<string, RejectionGroup>();
  for (const r of stored) {
    const reason = typeof r?.reason === "string" && r.reason ? r.reason : "(no reason recorded)";
    const g = byReason.get(reason) ?? { reason, count: 0, where: [] };
    byReason.set(reason, g);
    g.count++;
    const w = whereOf(r);
    if (w && g.where.length < EXAMPLES) g.where.push(w);
  }
  const groups = [...byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { groups, unlisted: Math.max(0, rejectedCount - stored.length) };
}
