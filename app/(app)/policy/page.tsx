import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Policy" };

export default function PolicyPage() {
  return (
    <>
      <PageHeader title="Policy" subtitle="Runtime decisions and compliance reports across engines" />
      <EmptyState
        title="No policy decisions yet"
        example={`# OPA: decision_logs with a service pointing at\n#   ${"$POSTURE_URL"}/api/v1/opa  (it posts to /logs)\ncurl -H "Authorization: Bearer $TOKEN" --data-binary @opa.jsonl \\\n  "$POSTURE_URL/api/v1/ingest/policy?format=opa"`}
      >
        This page will show the deny rate over time, top denied source→destination pairs, compliance by
        cluster and a decision explorer. Send OPA decision logs, Kyverno PolicyReports, Gatekeeper
        constraints, Envoy access logs or Hubble flows.
      </EmptyState>
    </>
  );
}
