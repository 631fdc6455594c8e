import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Incidents" };

export default function IncidentsPage() {
  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Detection, containment and resolution, with MTTD and time to contain"
      />
      <EmptyState
        title="No incidents"
        example={`# alertmanager.yml\nreceivers:\n  - name: posture\n    webhook_configs:\n      - url: $POSTURE_URL/api/v1/alerts/alertmanager\n        http_config: { authorization: { credentials: $TOKEN } }`}
      >
        Incidents open from Alertmanager alerts, from escalated findings, or by hand. Point an Alertmanager
        webhook receiver at Posture to start.
      </EmptyState>
    </>
  );
}
