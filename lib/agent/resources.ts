// What the agent watches, and which of it the cluster serves (API discovery). The same resources the
// Kubernetes pull connector lists (lib/certificates/connectors/kubernetes.ts) and that deploy/agent's
// ClusterRole grants get/list/watch on: cert-manager Certificates, wg-policy reports (old and new group),
// and their successor openreports.io.
import type { KubeClient } from "./kube-client";

export interface ResourceKind {
  group: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Where its objects go on the centre: /api/v1/ingest/{ingest}?format={format}. */
  ingest: "certificates" | "policy";
  format: "cert-manager" | "policyreport";
}

/** A resource the API server serves, at its preferred version. */
export interface ServedResource extends ResourceKind {
  version: string;
  /** "cert-manager.io/v1/certificates": the key of its state and of its health line. */
  id: string;
  /** The collection path: /apis/{group}/{version}/{plural} (all namespaces). */
  path: string;
}

const REPORT = { ingest: "policy", format: "policyreport" } as const;

export const WATCHED: ResourceKind[] = [
  {
    group: "cert-manager.io",
    plural: "certificates",
    kind: "Certificate",
    namespaced: true,
    ingest: "certificates",
    format: "cert-manager",
  },
  { group: "wgpolicyk8s.io", plural: "policyreports", kind: "PolicyReport", namespaced: true, ...REPORT },
  {
    group: "wgpolicyk8s.io",
    plural: "clusterpolicyreports",
    kind: "ClusterPolicyReport",
    namespaced: false,
    ...REPORT,
  },
  { group: "reports.x-k8s.io", plural: "policyreports", kind: "PolicyReport", namespaced: true, ...REPORT },
  {
    group: "reports.x-k8s.io",
    plural: "clusterpolicyreports",
    kind: "ClusterPolicyReport",
    namespaced: false,
    ...REPORT,
  },
  { group: "openreports.io", plural: "reports", kind: "Report", namespaced: true, ...REPORT },
  { group: "openreports.io", plural: "clusterreports", kind: "ClusterReport", namespaced: false, ...REPORT },
];

interface APIGroupList {
  groups?: { name?: string; preferredVersion?: { version?: string } }[];
}
interface APIResourceList {
  resources?: { name?: string; verbs?: string[] }[];
}

/**
 * The watched resources this cluster serves: /apis names the groups and their preferred versions, each
 * group version lists its resources and verbs; a resource without list and watch is left out.
 */
export async function discover(client: KubeClient): Promise<ServedResource[]> {
  const groups = (await client.get<APIGroupList>("/apis"))?.groups ?? [];
  const versions = new Map<string, string>();
  for (const g of groups)
    if (g.name && g.preferredVersion?.version) versions.set(g.name, g.preferredVersion.version);
  const out: ServedResource[] = [];
  const lists = new Map<string, APIResourceList | null>();
  for (const r of WATCHED) {
    const version = versions.get(r.group);
    if (!version) continue;
    const gv = `${r.group}/${version}`;
    if (!lists.has(gv)) lists.set(gv, await client.get<APIResourceList>(`/apis/${gv}`, true));
    const served = lists.get(gv)?.resources?.find((x) => x.name === r.plural);
    if (!served?.verbs?.includes("list") || !served.verbs.includes("watch")) continue;
    out.push({ ...r, version, id: `${gv}/${r.plural}`, path: `/apis/${gv}/${r.plural}` });
  }
  return out;
}
