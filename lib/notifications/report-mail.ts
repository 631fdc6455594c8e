import "server-only";
import { baseUrl, env } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { buildExecutiveReport } from "@/lib/reports/executive";
import { renderPdf } from "@/lib/reports/pdf";
import { lastCompletedPeriod } from "./report-period";
import { deliver } from "./transports";

// Scheduled executive reports by e-mail. Each schedule remembers the last period it sent; every hour the
// worker sends the latest completed period when it has not been sent yet. So a report whose hour passed
// while the worker was down goes out when the worker is back, and a failed send is tried again next hour.

interface ScheduleRow {
  id: string;
  name: string;
  cadence: "weekly" | "monthly";
  recipients: string[];
  cluster: string | null;
  lastPeriod: string | null;
  createdAt: Date;
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function sendDueReportMails(now = new Date()): Promise<{ sent: number; failed: number }> {
  const sql = sqlOfPg(pool());
  const schedules = await sql.query<ScheduleRow>(
    `SELECT id, name, cadence, recipients, cluster, "lastPeriod", "createdAt" FROM report_mail_schedule WHERE enabled`,
  );
  let sent = 0;
  let failed = 0;
  for (const s of schedules) {
    const period = lastCompletedPeriod(s.cadence, now);
    if (s.lastPeriod === period.key) continue;
    // A schedule starts with the first period that ends after it was created.
    if (period.to.getTime() <= new Date(s.createdAt).getTime()) continue;
    // Claim the period first so two workers never send the same report twice.
    const claimed = await sql.query(
      `UPDATE report_mail_schedule SET "lastPeriod" = $2 WHERE id = $1 AND "lastPeriod" IS NOT DISTINCT FROM $3 RETURNING 1`,
      [s.id, period.key, s.lastPeriod],
    );
    if (!claimed.length) continue;
    try {
      const report = await buildExecutiveReport({ period: period.key, cluster: s.cluster, now });
      // The worker prints the report's own web page (the same view readers see), with its warm Chromium.
      const pdf = await renderPdf({ kind: "executive", period: report.period.key, cluster: report.cluster });
      const link = `${baseUrl()}/reports?period=${encodeURIComponent(period.key)}${
        s.cluster ? `&cluster=${encodeURIComponent(s.cluster)}` : ""
      }`;
      const lines = report.summary.map((x) => x.text);
      const subject = `Posture executive report — ${report.period.label}${s.cluster ? ` (${s.cluster})` : ""}`;
      const result = await deliver(
        { kind: "email", to: s.recipients },
        {
          subject,
          text: `${subject}\n\n${lines.map((l) => `• ${l}`).join("\n")}\n\nThe full report is attached and online: ${link}\n`,
          html: `<p>${htmlEscape(subject)}</p><ul>${lines.map((l) => `<li>${htmlEscape(l)}</li>`).join("")}</ul><p>The full report is attached and online: <a href="${htmlEscape(link)}">${htmlEscape(link)}</a></p>`,
        },
        [{ filename: `posture-report-${period.key}.pdf`, content: pdf, contentType: "application/pdf" }],
      );
      if (!result.ok) throw new Error(result.error ?? "could not send");
      await sql.query(
        `UPDATE report_mail_schedule SET "lastSentAt" = now(), "lastError" = NULL WHERE id = $1`,
        [s.id],
      );
      sent++;
    } catch (e) {
      // Give the period back so the next run tries again.
      await sql.query(`UPDATE report_mail_schedule SET "lastPeriod" = $2, "lastError" = $3 WHERE id = $1`, [
        s.id,
        s.lastPeriod,
        (e as Error).message.slice(0, 300),
      ]);
      failed++;
    }
  }
  if (failed && !env().POSTURE_SMTP_URL) console.warn("[notifications] report e-mails need POSTURE_SMTP_URL");
  return { sent, failed };
}
