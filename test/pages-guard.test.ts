// Every page under app/ goes through lib/auth/page.ts#securePage (session + capability on every render),
// found on disk, so a new page that relies on the layout alone — which Next.js does not re-run on client
// navigation — fails here. The sign-in page is the one public page.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const PUBLIC = new Set(["app/login/page.tsx"]);

function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return pageFiles(p);
    return /^page\.(tsx|ts|jsx|js)$/.test(e) ? [p] : [];
  });
}

// The pages the worker's Chromium prints to PDF take a session or the worker's short-lived print token:
// their own guard (lib/reports/print-auth.ts), checked on every render like securePage.
const PRINT = /^app\/print\//;

const pages = pageFiles("app").filter((f) => !PUBLIC.has(f));

describe("attack: a page reached by client navigation after the session ended or the role changed", () => {
  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(15);
  });

  for (const file of pages) {
    it(`${file} checks session and capability itself (securePage)`, () => {
      const src = readFileSync(file, "utf8");
      if (PRINT.test(file)) {
        expect(src, "print pages call requirePrintReader").toMatch(/await requirePrintReader\(/);
        return;
      }
      expect(src, "import securePage from @/lib/auth/page").toMatch(
        /import \{[^}]*\bsecurePage\b[^}]*\} from "@\/lib\/auth\/page"/,
      );
      expect(src, "export default securePage(<capability>, <page>)").toMatch(
        /export default securePage\("(read|operate|manageRisks|admin)", \w+\);/,
      );
      expect(src).not.toMatch(/export default (async )?function/);
    });
  }
});
