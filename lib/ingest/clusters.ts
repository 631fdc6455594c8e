import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import type { ClusterRef } from "./types";

export { NO_CLUSTER_HELP } from "./no-cluster";

// Kubernetes-style names: what collectors send as ?cluster= is also what the UI shows.
const CLUSTER_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

export function validateClusterName(name: string): string {
  const n = name.trim();
  if (!CLUSTER_NAME.test(n)) {
    throw badRequest(
      `cluster: "${n.slice(0, 80)}" is not a valid cluster name (lowercase letters, digits, '.', '_', '-'; at most 63)`,
    );
  }
  return n;
}

/** Finds a cluster by name or creates it (audited) the first time data for it arrives. */
export async function resolveCluster(
  sql: Sql,
  actor: Actor,
  name: string,
  demo: boolean,
): Promise<ClusterRef> {
  const n = validateClusterName(name);
  const found = await sql.query<ClusterRef>(`SELECT id, name FROM cluster WHERE name = $1`, [n]);
  if (found[0]) return found[0];
  const created = await sql.query<ClusterRef>(
    `INSERT INTO cluster (name, demo) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`,
    [n, demo],
  );
  await audit(sql, actor, {
    action: "cluster.create",
    targetType: "cluster",
    targetId: created[0].id,
    data: { name: n, demo },
  });
  return created[0];
}
