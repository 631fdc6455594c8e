import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { defineJob } from "@/lib/jobs/registry";
import { PDF_CONCURRENCY, type PdfTarget, renderPdf } from "./pdf";
import { PDF_QUEUE } from "./pdf-request";
import { storeFrozenPdf } from "./snapshots";

// PDF renders, queued by the web process (lib/reports/pdf-request.ts) and worked here with a warm Chromium.
defineJob<PdfTarget & { store?: boolean }>({
  name: PDF_QUEUE,
  concurrency: PDF_CONCURRENCY,
  pollingIntervalSeconds: 0.5,
  handler: async (t) => {
    const pdf = await renderPdf(t);
    if (t.kind === "frozen" && t.store) {
      await storeFrozenPdf(t.id, pdf);
      return { stored: true, bytes: pdf.length };
    }
    return { pdf: pdf.toString("base64") };
  },
});

// Frozen reports whose PDF is not stored yet (queued while the worker or web server was not up, e.g. the
// demo's report at first start): print them now and then.
defineJob({
  name: "reports.frozen-pdfs",
  cron: "*/5 * * * *",
  handler: async () => {
    const rows = await sqlOfPg(pool()).query<{ id: string }>(
      `SELECT id FROM report_snapshot WHERE pdf IS NULL ORDER BY "createdAt" LIMIT 20`,
    );
    for (const r of rows) await storeFrozenPdf(r.id, await renderPdf({ kind: "frozen", id: r.id }));
    return { printed: rows.length };
  },
});
