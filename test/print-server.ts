// A stand-in for the web server's /print pages, for tests that print a PDF without a Next.js build: it
// renders the very same React view (ExecutiveReportView) with the app's stylesheet, and like the real
// page it answers only the renderer's signed token. e2e/report-pdf.spec.ts prints through the real server.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ExecutiveReportView } from "@/components/reports/ExecutiveReportView";
import { PrintHead } from "@/components/reports/PrintHead";
import { buildExecutiveReport } from "@/lib/reports/executive";
import { RENDER_HEADER, verifyRenderToken } from "@/lib/reports/render-token";

const css = readFileSync(path.resolve(import.meta.dirname, "../app/globals.css"), "utf8");

export async function startPrintServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      if (!verifyRenderToken(req.headers[RENDER_HEADER] as string | undefined)) {
        res.writeHead(401).end();
        return;
      }
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname !== "/print/executive") {
        res.writeHead(404).end();
        return;
      }
      const report = await buildExecutiveReport({
        period: u.searchParams.get("period"),
        cluster: u.searchParams.get("cluster"),
      });
      const body = renderToStaticMarkup(
        createElement(
          Fragment,
          null,
          createElement(PrintHead, { report }),
          createElement(
            "main",
            { className: "print-sheet" },
            createElement(ExecutiveReportView, { report, print: true }),
          ),
        ),
      );
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>report</title><style>${css}</style></head><body>${body}</body></html>`,
      );
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
