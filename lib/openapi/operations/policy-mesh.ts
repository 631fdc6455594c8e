// Policy decisions and the service mesh's traffic and mTLS coverage.
import { type Operation, operationsOf, params, WINDOW } from "./shape";

const policy = operationsOf("Policy");
const mesh = operationsOf("Mesh");

/** The mesh filters: every mesh route narrows its figures by them alike (docs/kpis.md). */
const MESH = [
  ...WINDOW,
  ...params(
    ["range", "1h, 6h, 24h, 7d or 30d instead of from (default 24h)"],
    ["namespace", "Source or destination namespace"],
    ["workload", "Source or destination workload"],
    ["protocol", "http, grpc, tcp…"],
    ["policy", "mutual_tls, none or unknown"],
    ["reporter", "destination, source or hubble (coverage: destination when absent)"],
  ),
];

export const POLICY_MESH_OPERATIONS: Operation[] = [
  policy.read("listPolicyDecisions", "/api/v1/policy/decisions", "Policy decisions (keyset paged)", {
    query: [
      ...WINDOW,
      ...params(
        ["engine", "opa, kyverno, gatekeeper, istio, cilium…"],
        ["result", "allow, deny, warn, audit, error"],
        ["cursor", "The next page's cursor"],
      ),
    ],
  }),
  mesh.read("getMeshCoverage", "/api/v1/mesh/coverage", "mTLS coverage over time", { query: MESH }),
  mesh.read("listMeshEdges", "/api/v1/mesh/edges", "Traffic edges with their security policy", {
    query: [
      ...MESH,
      ...params(
        ["srcCluster", "Source cluster (unknown: outside the mesh)"],
        ["dstCluster", "Destination cluster (unknown: not reported)"],
        ["limit", "At most this many edges (1–1000, default 200)"],
      ),
    ],
  }),
  mesh.read("getMeshMatrix", "/api/v1/mesh/matrix", "mTLS coverage per cluster pair", { query: MESH }),
];
