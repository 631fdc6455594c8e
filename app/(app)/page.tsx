import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" subtitle="Is inter-cluster communication safe right now?" />
      <EmptyState title="No posture data yet">
        The overview shows MTTD, time to containment, certificates rotated on schedule, mTLS coverage, policy
        compliance and risks above appetite, with trends against your targets. It fills as soon as sources
        send certificates, policy decisions and mesh telemetry (see Sources).
      </EmptyState>
    </>
  );
}
