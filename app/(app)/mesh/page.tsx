import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Mesh" };

export default function MeshPage() {
  return (
    <>
      <PageHeader title="Mesh" subtitle="Traffic between clusters and whether it is mutual TLS" />
      <EmptyState
        title="No mesh telemetry yet"
        example={`curl -H "Authorization: Bearer $TOKEN" --data-binary @federate.prom \\\n  "$POSTURE_URL/api/v1/ingest/telemetry?format=prometheus&cluster=eu-west-prod"`}
      >
        This page will show a cluster × cluster matrix of mTLS coverage, plaintext edges and traffic over
        time. Add a Prometheus source (Sources) or push Istio metrics and Hubble flows.
      </EmptyState>
    </>
  );
}
