import type { Metadata } from "next";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PrintHead } from "@/components/reports/PrintHead";
import { baseUrl } from "@/lib/config/env";
import { buildExecutiveReport } from "@/lib/reports/executive";
import { requirePrintReader } from "@/lib/reports/print-auth";

export const metadata: Metadata = { title: "Executive report (print)" };

// The page the worker's Chromium prints to PDF (lib/reports/pdf.ts); readers may open it too.
export default async function PrintExecutivePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  await requirePrintReader(`/reports/executive`);
  const report = await buildExecutiveReport({ period: one(sp.period), cluster: one(sp.cluster) });
  return (
    <>
      <PrintHead report={report} />
      <ExecutiveReportView report={report} print baseUrl={baseUrl()} />
    </>
  );
}
