import "server-only";
import type { Sql } from "@/lib/db/sql";

/** Denies of one source → destination pair in one 5-minute bucket. */
export interface PairDenyCount {
  source: string;
  destination: string;
  /** The source side, which the finding (and any incident) is about. */
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  bucket: Date;
  denies: number;
}

export type DenyCountSource = (sql: Sql, from: Date, to: Date) => Promise<PairDenyCount[]>;

let registered: DenyCountSource | null = null;

/** lib/policy registers the query over its decisions table here (the preferred way in). */
export function registerDenyCountSource(fn: DenyCountSource): void {
  registered = fn;
}

/** Per-pair 5-minute deny counts in [from, to), from the source lib/policy registers (none: no counts). */
export async function denyCounts(sql: Sql, from: Date, to: Date): Promise<PairDenyCount[]> {
  return registered ? registered(sql, from, to) : [];
}
