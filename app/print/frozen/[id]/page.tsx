import type { Metadata } from "next";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PrintHead } from "@/components/reports/PrintHead";
import { baseUrl } from "@/lib/config/env";
import { frozenOr404 } from "@/lib/reports/frozen-page";
import { requirePrintReader } from "@/lib/reports/print-auth";

export const metadata: Metadata = { title: "Frozen report (print)" };

// A frozen report as the worker prints it once, to be stored beside its data (lib/reports/jobs.ts).
export default async function PrintFrozenPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePrintReader(`/reports/frozen/${id}`);
  const frozen = await frozenOr404(id);
  const { summary, report } = frozen;
  return (
    <>
      <PrintHead report={report} />
      <ExecutiveReportView
        report={report}
        print
        baseUrl={baseUrl()}
        frozen={{ at: summary.createdAt.toISOString(), sha256: summary.dataSha256 }}
      />
    </>
  );
}
