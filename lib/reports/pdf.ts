import "server-only";
import { existsSync } from "node:fs";
import { AppError } from "@/lib/errors";

// Chromium's print-to-PDF (playwright-core drives the system Chromium: nothing is downloaded).
// The HTML is self-contained (inline CSS and SVG), so no network access or session is needed.

function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  // A system binary, not a project file: without the hint the build traces the whole project into the
  // server output (and warns about it).
  if (!existsSync(/* turbopackIgnore: true */ p))
    throw new AppError("unavailable", `PDF rendering needs Chromium: none at ${p} (set CHROMIUM_PATH)`);
  return p;
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
