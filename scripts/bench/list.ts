// Benchmarks contributed by domains; each returns figures for `npm run bench`.
import type { Figure } from "./report";

export interface BenchContext {
  baseUrl: string;
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Process group of the server under test, for memory readings. */
  serverPid: number;
}

export type DomainBench = (ctx: BenchContext) => Promise<Figure[]>;

export const domainBenches: DomainBench[] = [];
