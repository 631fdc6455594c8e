// Benchmarks contributed by domains; each returns figures for `npm run bench`.
import { benchKpis } from "./kpi";
import { benchPolicyIngest } from "./policy-ingest";
import type { Figure } from "./report";

export interface BenchContext {
  baseUrl: string;
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Process group of the server under test, for memory readings. */
  serverPid: number;
}

export type DomainBench = (ctx: BenchContext) => Promise<Figure[]>;

export const domainBenches: DomainBench[] = [
  // 1,000,000 OPA decisions through the HTTP API versus COPY of the same rows (BENCH_POLICY_N).
  async (ctx) =>
    (
      await benchPolicyIngest({
        n: Number(process.env.BENCH_POLICY_N ?? 1_000_000),
        url: ctx.baseUrl,
        databaseUrl: ctx.databaseUrl,
      })
    ).map((r) => ({ ...r, target: r.ratio !== undefined ? ">= 0.5" : undefined })),
  // KPI latency at full size (10 M decisions, 1 M traffic buckets, 100 k certificates, 10 k
  // incidents) versus 1 % of it (BENCH_KPI_SCALE and friends: scripts/bench/kpi.ts).
  async (ctx) => benchKpis({ baseUrl: ctx.baseUrl, databaseUrl: ctx.databaseUrl }),
];
