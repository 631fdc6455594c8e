import type { ExecutiveReport } from "@/lib/reports/assemble";
import { reportTitle } from "@/lib/reports/title";

/** What the PDF's running header and footer repeat on every page (read by lib/reports/pdf.ts). */
export function PrintHead({ report }: { report: ExecutiveReport }) {
  return (
    <div
      id="pdf-running-head"
      hidden
      data-title={reportTitle(report)}
      data-org={report.organisation ?? ""}
      data-demo={report.demo ? "1" : "0"}
    />
  );
}
