import "server-only";
import { runJob, sendJob } from "@/lib/jobs/queue";
import type { PdfTarget } from "./pdf";

// The web process (and the CLI) never start a browser: they queue a render for the worker, which keeps
// one Chromium warm and prints at most POSTURE_PDF_CONCURRENCY reports at once (lib/reports/jobs.ts).

export const PDF_QUEUE = "reports.pdf";

export async function requestPdf(t: PdfTarget): Promise<Buffer> {
  const out = await runJob<{ pdf: string }>(PDF_QUEUE, t, { timeoutMs: 120_000, what: "Rendering the PDF" });
  return Buffer.from(out.pdf, "base64");
}

/** A frozen report's PDF is rendered in the background and stored with its digest when done. */
export async function queueFrozenPdf(id: string): Promise<void> {
  await sendJob(
    PDF_QUEUE,
    { kind: "frozen", id, store: true },
    // At start-up the demo's frozen report is queued before the web server listens: retry until it does.
    { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  );
}
