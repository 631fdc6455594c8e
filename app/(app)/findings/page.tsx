import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Findings" };

export default function FindingsPage() {
  return (
    <>
      <PageHeader title="Findings" subtitle="Unsafe states detected by Posture's own rules" />
      <EmptyState title="No findings">
        Posture's rules (plaintext cross-cluster traffic, expired certificates still in use, missed rotations,
        unknown trust domains, deny spikes) run on every ingest and on a schedule. Findings appear here with
        their detection latency; operators can escalate them to incidents.
      </EmptyState>
    </>
  );
}
