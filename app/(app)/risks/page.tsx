import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Risks" };

export default function RisksPage() {
  return (
    <>
      <PageHeader title="Risk register" subtitle="Scored risks, their treatment, reviews and live evidence" />
      <EmptyState title="The register is empty">
        Risk managers record risks here with likelihood × impact (inherent, residual, target), owner,
        treatment and review dates, and link them to findings, incidents and live KPIs. A CSV import is
        available.
      </EmptyState>
    </>
  );
}
