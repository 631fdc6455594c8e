import "server-only";
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
