import "server-only";
import { defineJob } from "@/lib/jobs/registry";
import { enforceRetention } from "./partitions";

// Daily, at a quiet hour: old partitions and rollup buckets go (each drop audited).
defineJob({
  name: "retention.enforce",
  cron: "17 3 * * *",
  handler: async () => {
    const runs = await enforceRetention();
    const dropped = runs.flatMap((r) => r.dropped);
    if (dropped.length) console.log(`[retention] dropped ${dropped.join(", ")}`);
  },
});
