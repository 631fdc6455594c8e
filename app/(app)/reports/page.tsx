import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <>
      <PageHeader title="Reports" subtitle="Executive reports for a month, a quarter or any period" />
      <EmptyState title="No reports yet">
        The executive report summarises KPIs against targets, trends, the risk heat map and the incidents of a
        period in plain language, and downloads as PDF or CSV. Frozen reports stay exactly as published.
      </EmptyState>
    </>
  );
}
