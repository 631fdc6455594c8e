// Policy decisions and the service mesh's traffic and mTLS coverage.
import { type Operation, operationsOf, params, WINDOW } from "./shape";

const policy = operationsOf("Policy");
const mesh = operationsOf("Mesh");

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
  mesh.read("getMeshCoverage", "/api/v1/mesh/coverage", "mTLS coverage over time", { query: WINDOW }),
  mesh.read("listMeshEdges", "/api/v1/mesh/edges", "Traffic edges with their security policy", {
    query: WINDOW,
  }),
  mesh.read("getMeshMatrix", "/api/v1/mesh/matrix", "mTLS coverage per cluster pair", { query: WINDOW }),
];
