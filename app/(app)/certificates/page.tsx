import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Certificates" };

export default function CertificatesPage() {
  return (
    <>
      <PageHeader
        title="Certificates"
        subtitle="Workload and gateway certificates, their lineages and rotations"
      />
      <EmptyState
        title="No certificates yet"
        example={`curl -H "Authorization: Bearer $TOKEN" --data-binary @certificates.json \\\n  "$POSTURE_URL/api/v1/ingest/certificates?format=cert-manager&cluster=eu-west-prod"`}
      >
        This page will show rotation on schedule, expired and expiring certificates, weak keys and long-lived
        certificates per cluster. Send PEM bundles, cert-manager Certificate lists or x509-exporter metrics.
      </EmptyState>
    </>
  );
}
