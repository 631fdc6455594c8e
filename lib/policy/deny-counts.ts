import "server-only";
import { type PairDenyCount, registerDenyCountSource } from "@/lib/detection/deny-counts";
import { workloadOfSubject } from "./subject";
import { RUNTIME_ENGINES } from "./types";

// The deny-spike rule (lib/detection/deny-spike) reads per-pair 5-minute deny counts of runtime decisions.
registerDenyCountSource(async (sql, from, to) => {
  const rows = await sql.query<Omit<PairDenyCount, "namespace" | "workload">>(
    `SELECT coalesce(subject, '?') AS source, coalesce(target, '?') AS destination, "clusterId",
            to_timestamp(floor(extract(epoch FROM "time") / 300) * 300) AS bucket, count(*)::int AS denies
       FROM policy_decision
      WHERE result = 'deny' AND engine = ANY($3::text[]) AND "time" >= $1 AND "time" < $2
      GROUP BY 1, 2, 3, 4`,
    [from, to, RUNTIME_ENGINES],
  );
  return rows.map((r) => ({ ...r, ...workloadOfSubject(r.source) }));
});
