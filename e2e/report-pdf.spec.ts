// The executive report's PDF is its web page printed by the worker's Chromium: every page carries
// "Page N of M", the summary leads with the open critical incident that is not contained (the demo's
// intrusion story leaves one firing), the cover says DEMO, and the text matches the web view.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

function pdfText(pdf: Buffer): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-pdf-"));
  const file = path.join(dir, "report.pdf");
  writeFileSync(file, pdf);
  // pdftotext separates pages with a form feed.
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return text.split("\f").filter((p) => p.trim() !== "");
}

test("the executive PDF: page numbers on every page, the summary's incident line, DEMO marked", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page);
  await page.goto("/reports/executive?period=30d");
  const webLine = page
    .locator(".report-summary li")
    .filter({ hasText: /^INC-\d+ .+ has been open for .+ and is not contained/ })
    .first();
  await expect(webLine).toBeVisible();
  const incidentLine = (await webLine.textContent())?.trim() ?? "";

  const res = await page.request.get("/api/v1/reports/executive?period=30d&format=pdf", { timeout: 150_000 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const pages = pdfText(Buffer.from(await res.body()));
  expect(pages.length).toBeGreaterThanOrEqual(1);
  pages.forEach((text, k) => {
    expect(text).toMatch(new RegExp(`Page ${k + 1} of ${pages.length}`));
  });
  const all = pages.join("\n").replace(/\s+/g, " ");
  // The same sentence as on screen (pdftotext reflows lines, so compare with whitespace collapsed).
  const number = incidentLine.match(/^INC-\d+/)?.[0] ?? "INC-";
  expect(all).toContain(incidentLine.slice(0, 60).replace(/\s+/g, " "));
  expect(all).toMatch(new RegExp(`${number} .+ has been open for .+ and is not contained`));
  expect(all).toContain("DEMO DATA");
  expect(all.indexOf("Needs a decision or attention")).toBeLessThan(
    all.indexOf("Key figures against targets"),
  );
  // No near-empty page: every page but the last carries a real share of the text.
  const lengths = pages.map((p) => p.replace(/\s+/g, "").length);
  for (const n of lengths.slice(0, -1)) expect(n).toBeGreaterThan(400);
});
