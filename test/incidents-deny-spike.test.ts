// The deny-spike job: per-pair 5-minute counts (from the source lib/policy registers) → a finding per
// spiking pair, resolved once the pair calms down.
import { describe, expect, it } from "vitest";
import { type PairDenyCount, registerDenyCountSource } from "@/lib/detection/deny-counts";
import { runDenySpike } from "@/lib/detection/deny-spike-job";
import { db } from "./fixtures";

const NOW = new Date("2025-06-15T09:17:00Z"); // the last complete bucket is 09:10–09:15
let counts: PairDenyCount[] = [];
registerDenyCountSource(async (_sql, from, to) => counts.filter((c) => c.bucket >= from && c.bucket < to));

const pair = (bucket: string, denies: number): PairDenyCount => ({
  source: "eu-west-prod/shop/frontend",
  destination: "us-east-prod/ledger/ledger-db",
  clusterId: null,
  namespace: "shop",
  workload: "frontend",
  bucket: new Date(bucket),
  denies,
});

describe("deny-spike job", () => {
  it("opens a finding for a spiking pair and resolves it when the pair calms down", async () => {
    // Quiet history (3 denies in two buckets), then 09:05 → 25 and 09:10 → 48 denies: a spike since 09:05.
    counts = [
      pair("2025-06-15T06:00:00Z", 2),
      pair("2025-06-15T07:00:00Z", 1),
      pair("2025-06-15T09:05:00Z", 25),
      pair("2025-06-15T09:10:00Z", 48),
    ];
    expect(await runDenySpike(NOW)).toEqual(["eu-west-prod/shop/frontend→us-east-prod/ledger/ledger-db"]);
    const open = await db().query<{
      startedAt: Date;
      detectedAt: Date;
      title: string;
      resolvedAt: Date | null;
    }>(`SELECT "startedAt", "detectedAt", title, "resolvedAt" FROM finding WHERE rule = 'deny-spike'`);
    expect(open).toHaveLength(1);
    expect(open[0].startedAt.toISOString()).toBe("2025-06-15T09:05:00.000Z");
    expect(open[0].title).toMatch(/48 denies in 5 min \(median 0\)/);

    // Ten minutes later the pair is quiet again.
    expect(await runDenySpike(new Date("2025-06-15T09:27:00Z"))).toEqual([]);
    const after = await db().query<{ resolvedAt: Date | null }>(
      `SELECT "resolvedAt" FROM finding WHERE rule = 'deny-spike'`,
    );
    expect(after[0].resolvedAt).not.toBeNull();
  });
});
