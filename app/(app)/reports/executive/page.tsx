import type { Metadata } from "next";
import Link from "next/link";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PeriodPicker } from "@/components/reports/PeriodPicker";
import { FreezeButton, PrintButton } from "@/components/reports/ReportActions";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { pageReads } from "@/lib/http/replica-reads";
import { buildExecutiveReport } from "@/lib/reports/executive";
import { periodChoices } from "@/lib/reports/period";
import { reportTitle } from "@/lib/reports/title";
import { listClusters } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "Executive report" };

async function ExecutiveReportPage(
  {
    searchParams,
  }: {
    searchParams: Promise<Record<string, string | string[] | undefined>>;
  },
  me: Principal,
) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const clusters = (await listClusters()).map((c) => c.name);
  const period = one(sp.period);
  const cluster = one(sp.cluster);
  let report: Awaited<ReturnType<typeof buildExecutiveReport>> | null = null;
  let error: string | null = null;
  try {
    report = await pageReads(() => buildExecutiveReport({ period, cluster }));
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
  }
  const q = report
    ? `period=${encodeURIComponent(report.period.key)}${report.cluster ? `&cluster=${encodeURIComponent(report.cluster)}` : ""}`
    : "";
  return (
    <>
      <PageHeader
        title={report ? reportTitle(report) : "Executive report"}
        subtitle={<Link href="/reports">All reports and frozen copies</Link>}
        actions={
          report && (
            <>
              <a className="btn" href={`/api/v1/reports/executive?${q}&format=pdf`}>
                Download PDF
              </a>
              <a className="btn" href={`/api/v1/reports/executive?${q}&format=csv`}>
                Download CSV
              </a>
              <PrintButton />
              {can(me.role, "publish") && (
                <FreezeButton period={report.period.key} cluster={report.cluster} />
              )}
            </>
          )
        }
      />
      <div className="stack">
        <div className="card no-print">
          <PeriodPicker
            period={report?.period.key ?? period ?? "30d"}
            cluster={cluster}
            choices={periodChoices()}
            clusters={clusters}
            action="/reports/executive"
          />
          <p className="small muted flush-bottom">
            Any period works in the address too: <code>?period=2026-10</code>, <code>2026-Q3</code> or{" "}
            <code>2026-10-01..2026-10-15</code>.
          </p>
        </div>
        {error && (
          <section className="card" role="alert">
            <h2>That period cannot be reported</h2>
            <p className="form-error">{error}</p>
          </section>
        )}
        {report && <ExecutiveReportView report={report} />}
      </div>
    </>
  );
}

export default securePage("read", ExecutiveReportPage);
