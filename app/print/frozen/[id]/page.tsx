import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PrintHead } from "@/components/reports/PrintHead";
import { baseUrl } from "@/lib/config/env";
import { isAppError } from "@/lib/errors";
import { requirePrintReader } from "@/lib/reports/print-auth";
import { getFrozen } from "@/lib/reports/snapshots";

export const metadata: Metadata = { title: "Frozen report (print)" };

// A frozen report as the worker prints it once, to be stored beside its data (lib/reports/jobs.ts).
export default async function PrintFrozenPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePrintReader(`/reports/frozen/${id}`);
  let frozen: Awaited<ReturnType<typeof getFrozen>>;
  try {
    frozen = await getFrozen(id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
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
