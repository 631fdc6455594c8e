import { READ } from "@/lib/auth/roles";
import { fromReplica, readAfterOf } from "@/lib/db/replica";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { download } from "@/lib/reports/api";
import { reportCsv } from "@/lib/reports/csv";
import { buildExecutiveReport } from "@/lib/reports/executive";
import { requestPdf } from "@/lib/reports/pdf-request";

// GET /api/v1/reports/executive?period=2026-10|2026-Q3|from..to|30d&cluster=&format=json|csv|pdf
export const GET = apiRoute(READ, async ({ req, url }) => {
  const format = url.searchParams.get("format") ?? "json";
  if (!["json", "csv", "pdf"].includes(format))
    throw badRequest(`format "${format.slice(0, 20)}": json, csv or pdf`);
  const report = await fromReplica(readAfterOf(req), () =>
    buildExecutiveReport({
      period: url.searchParams.get("period"),
      cluster: url.searchParams.get("cluster"),
    }),
  );
  const name = `posture-report-${report.period.key}${report.cluster ? `-${report.cluster}` : ""}`;
  if (format === "csv") return download(reportCsv(report), "text/csv; charset=utf-8", `${name}.csv`);
  // The worker prints the same page the browser shows (/print/executive), queued with a warm Chromium.
  if (format === "pdf")
    return download(
      await requestPdf({ kind: "executive", period: report.period.key, cluster: report.cluster }),
      "application/pdf",
      `${name}.pdf`,
    );
  return report;
});
