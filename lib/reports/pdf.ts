import "server-only";
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { RENDER_HEADER, renderToken } from "./render-token";

// The worker's PDF printer: one Chromium kept warm for the life of the process (playwright-core drives
// the system Chromium; nothing is downloaded), a fresh context per render, at most POSTURE_PDF_CONCURRENCY
// renders at once. It prints the report's /print page from the web server, so the PDF is the very same
// React page the browser shows, with Chromium's own "Page N of M" footer.

export type PdfTarget =
  | { kind: "executive"; period: string; cluster: string | null }
  | { kind: "frozen"; id: string };

export function printPath(t: PdfTarget): string {
  if (t.kind === "frozen") return `/print/frozen/${encodeURIComponent(t.id)}`;
  const q = new URLSearchParams({ period: t.period });
  if (t.cluster) q.set("cluster", t.cluster);
  return `/print/executive?${q}`;
}

function chromiumPath(): string {
  const p = env().CHROMIUM_PATH;
  // A system binary, not a project file: without the hint the build traces the whole project into the
  // server output (and warns about it).
  if (!existsSync(/* turbopackIgnore: true */ p))
    throw new AppError("unavailable", `PDF rendering needs Chromium: none at ${p} (set CHROMIUM_PATH)`);
  return p;
}

/** Where the printer reaches the web server: POSTURE_RENDER_URL, else this machine's PORT. */
export function renderBase(): string {
  return (env().POSTURE_RENDER_URL ?? `http://127.0.0.1:${env().PORT}`).replace(/\/$/, "");
}

let browser: Promise<Browser> | null = null;

function warmBrowser(): Promise<Browser> {
  if (!browser) {
    browser = (async () => {
      const { chromium } = await import("playwright-core");
      const b = await chromium.launch({
        executablePath: chromiumPath(),
        args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
      });
      b.on("disconnected", () => {
        browser = null;
      });
      return b;
    })().catch((e) => {
      browser = null;
      throw e;
    });
  }
  return browser;
}

export async function closePrinter(): Promise<void> {
  const b = browser;
  browser = null;
  await (await b?.catch(() => null))?.close().catch(() => {});
}

export const PDF_CONCURRENCY = env().POSTURE_PDF_CONCURRENCY;
let active = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (active >= PDF_CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
  active++;
  try {
    return await fn();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export async function renderPdf(t: PdfTarget): Promise<Buffer> {
  return slot(async () => {
    const b = await warmBrowser();
    const ctx = await b.newContext({ extraHTTPHeaders: { [RENDER_HEADER]: renderToken() } });
    try {
      const page = await ctx.newPage();
      const url = `${renderBase()}${printPath(t)}`;
      const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      if (!res || res.status() !== 200)
        throw new AppError("unavailable", `The report page answered ${res?.status() ?? "nothing"} at ${url}`);
      // The running head: the title and organisation the page itself shows (and DEMO when it says so).
      const head = await page.evaluate(() => {
        const el = document.getElementById("pdf-running-head");
        return {
          title: el?.dataset.title ?? document.title,
          org: el?.dataset.org ?? "",
          demo: el?.dataset.demo === "1",
        };
      });
      const small =
        "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #5b6472; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between;";
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        margin: { top: "16mm", bottom: "16mm", left: "12mm", right: "12mm" },
        headerTemplate: `<div style="${small}"><span>${esc(head.org)}</span>${head.demo ? '<span style="color:#b91c1c;font-weight:bold">DEMO DATA</span>' : ""}</div>`,
        footerTemplate: `<div style="${small}"><span>${esc(head.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      });
      return Buffer.from(pdf);
    } finally {
      await ctx.close().catch(() => {});
    }
  });
}
