import { READ } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { download } from "@/lib/reports/api";
import { reportCsv } from "@/lib/reports/csv";
import { getFrozen, getFrozenPdf } from "@/lib/reports/snapshots";

// GET /api/v1/reports/snapshots/:id?format=json|pdf|csv — exactly as frozen (the PDF's bytes as stored).
export const GET = apiRoute<{ id: string }>(READ, async ({ params, url }) => {
  const format = url.searchParams.get("format") ?? "json";
  if (format === "pdf") {
    const { pdf, summary, intact } = await getFrozenPdf(params.id);
    const res = download(
      pdf,
      "application/pdf",
      `posture-report-${summary.period}-frozen-${summary.id.slice(0, 8)}.pdf`,
    );
    res.headers.set("x-content-sha256", summary.pdfSha256 ?? "");
    res.headers.set("x-integrity", intact ? "ok" : "mismatch");
    return res;
  }
  const { summary, report, intact } = await getFrozen(params.id);
  if (format === "csv")
    return download(
      reportCsv(report),
      "text/csv; charset=utf-8",
      `posture-report-${summary.period}-frozen.csv`,
    );
  if (format !== "json") throw badRequest(`format "${format.slice(0, 20)}": json, csv or pdf`);
  return { snapshot: summary, intact, report };
});
