import "server-only";
import { audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { registerDemoSeeder } from "../registry";

// The two clusters of the sample story (shared/samples): one Istio mesh, trust domain acme.internal.
export const DEMO_CLUSTERS = [
  { name: "eu-west-prod", environment: "prod", trustDomain: "acme.internal", region: "eu-west-1" },
  { name: "us-east-prod", environment: "prod", trustDomain: "acme.internal", region: "us-east-1" },
  {
    name: "eu-west-staging",
    environment: "staging",
    trustDomain: "staging.acme.internal",
    region: "eu-west-1",
  },
] as const;

registerDemoSeeder({
  name: "clusters",
  order: 0,
  async seed(ctx) {
    await withPgTransaction(pool(), async (_c, sql) => {
      for (const c of DEMO_CLUSTERS) {
        const rows = await sql.query<{ id: string }>(
          `INSERT INTO cluster (name, environment, "trustDomain", region, demo)
           VALUES ($1, $2::"Environment", $3, $4, true) ON CONFLICT (name) DO NOTHING RETURNING id`,
          [c.name, c.environment, c.trustDomain, c.region],
        );
        if (rows[0]) {
          await audit(sql, ctx.actor, {
            action: "cluster.create",
            targetType: "cluster",
            targetId: rows[0].id,
            data: { ...c, demo: true },
          });
        }
      }
    });
    return `${DEMO_CLUSTERS.length} clusters`;
  },
  async wipe(sql) {
    const rows = await sql.query(`DELETE FROM cluster WHERE demo RETURNING id`);
    return rows.length;
  },
});
