import type { Metadata } from "next";
import Link from "next/link";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PrintButton } from "@/components/reports/ReportActions";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { frozenOr404 } from "@/lib/reports/frozen-page";
import { displayZone } from "@/lib/time/server";
import { formatInstant } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Frozen report" };

async function FrozenReportPage({ params }: { params: Promise<{ id: string }> }, _user: Principal) {
  const { id } = await params;
  const frozen = await frozenOr404(id);
  const { summary: s, report, intact } = frozen;
  return (
    <>
      <PageHeader
        title={s.title}
        subtitle={<Link href="/reports">All reports and frozen copies</Link>}
        actions={
          <>
            <a className="btn" href={`/api/v1/reports/snapshots/${s.id}?format=pdf`}>
              Download PDF as published
            </a>
            <a className="btn" href={`/api/v1/reports/snapshots/${s.id}?format=csv`}>
              Download CSV
            </a>
            <PrintButton />
          </>
        }
      />
      <p className="frozen-note flush-top" role="note">
        Frozen {formatInstant(s.createdAt, await displayZone(), { label: true })} by{" "}
        {s.createdBy ?? "unknown"}
        {s.scheduled ? " (scheduled)" : ""}. This is the report exactly as published; later data does not
        change it.{" "}
        {intact ? "Integrity check passed" : "WARNING: the stored data does not match its recorded digest"} ·
        data SHA-256 <code className="break-all">{s.dataSha256}</code> · PDF SHA-256{" "}
        <code className="break-all">{s.pdfSha256 ?? "not printed yet (the worker prints it)"}</code>
      </p>
      <ExecutiveReportView
        report={report}
        links={false}
        frozen={{ at: s.createdAt.toISOString(), sha256: s.dataSha256 }}
      />
    </>
  );
}

export default securePage("read", FrozenReportPage);
