import "server-only";
// The policy formats (docs/ingest-formats.md), registered with the one batch writer (lib/ingest).
import { registerFormat } from "@/lib/ingest/registry";
import { parseEnvoy, sniffEnvoy } from "./formats/envoy";
import { parseGatekeeper, sniffGatekeeper } from "./formats/gatekeeper";
import { parseHubble, sniffHubble } from "./formats/hubble";
import { parseOpa, sniffOpa } from "./formats/opa";
import { parsePolicyReport, sniffPolicyReport } from "./formats/policyreport";
import { storeRecords } from "./mutations";
import type { PolicyRecord } from "./types";

const common = { kind: "policy" as const, store: storeRecords, chunkSize: 5000 };
// The decision streams: parsed in the parse worker, stored in larger chunks (each chunk costs a savepoint,
// the rollup upserts and the deny evidence statements, whatever its size).
const stream = { ...common, chunkSize: 5000, worker: true };

registerFormat<PolicyRecord>({
  ...stream,
  format: "opa",
  description:
    "OPA decision log: console NDJSON lines or the (gzip) JSON array the HTTP decision-log plugin uploads",
  sniff: (head) => sniffOpa(head),
  parse: (input) => parseOpa(input),
});

registerFormat<PolicyRecord>({
  ...common,
  format: "policyreport",
  description: "wgpolicyk8s.io/v1alpha2 PolicyReport / ClusterPolicyReport (List, envelope or single report)",
  sniff: (head) => sniffPolicyReport(head),
  parse: (input) => parsePolicyReport(input),
});

registerFormat<PolicyRecord>({
  ...common,
  format: "gatekeeper",
  description:
    "Gatekeeper constraints with status.violations / totalViolations, or audit log lines of one run",
  sniff: (head) => sniffGatekeeper(head),
  parse: (input) => parseGatekeeper(input),
});

registerFormat<PolicyRecord>({
  ...stream,
  format: "envoy-accesslog",
  description: "Envoy / Istio JSON access log lines (RBAC and ext_authz denies)",
  sniff: (head) => sniffEnvoy(head),
  parse: (input) => parseEnvoy(input),
});

registerFormat<PolicyRecord>({
  ...stream,
  format: "hubble",
  description: "Cilium Hubble flows (hubble observe -o json): policy verdicts",
  sniff: (head) => sniffHubble(head),
  parse: (input) => parseHubble(input),
});
