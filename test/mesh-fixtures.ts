// Istio traffic that the mesh detectors must flag, for the tests of those detectors: plaintext
// cross-cluster requests and a workload whose SPIFFE identity comes from a foreign trust domain.
import { db } from "./fixtures";

/** The two clusters, both of trust domain acme.internal (created, or reset to it). */
export async function acmeClusters(a: string, b: string): Promise<void> {
  await db().query(
    `INSERT INTO cluster (name, "trustDomain") VALUES ($1, 'acme.internal'), ($2, 'acme.internal')
     ON CONFLICT (name) DO UPDATE SET "trustDomain" = EXCLUDED."trustDomain"`,
    [a, b],
  );
}

/**
 * Destination-reported istio_requests_total at value v, time ts (Prometheus text): shop/legacy in
 * cluster a calls ledger/ledger-api in b in plaintext, and ops/scanner in b calls it as
 * spiffe://evil.example/ns/ops/sa/scanner.
 */
export const offendingIstioSeries = (a: string, b: string, v: number, ts: number) =>
  [
    `istio_requests_total{reporter="destination",source_cluster="${a}",source_workload_namespace="shop",source_workload="legacy",destination_cluster="${b}",destination_workload_namespace="ledger",destination_workload="ledger-api",source_principal="unknown",connection_security_policy="none",request_protocol="http",response_code="200"} ${v} ${ts}`,
    `istio_requests_total{reporter="destination",source_cluster="${b}",source_workload_namespace="ops",source_workload="scanner",source_principal="spiffe://evil.example/ns/ops/sa/scanner",destination_cluster="${b}",destination_workload_namespace="ledger",destination_workload="ledger-api",connection_security_policy="mutual_tls",request_protocol="http",response_code="200"} ${v} ${ts}`,
  ].join("\n");
