// attack: a page on another site posts to one of our server actions with the victim's cookies.
// Answered 403 by proxy.ts (Next.js alone throws and answers 500); same-origin posts pass on.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

function actionPost(origin: string | null) {
  const headers: Record<string, string> = {
    host: "localhost:3000",
    "next-action": "7f00aa00bb11cc22dd33ee44ff5566778899aabb",
    "content-type": "text/plain;charset=UTF-8",
  };
  if (origin) headers.origin = origin;
  return new NextRequest("http://localhost:3000/admin", { method: "POST", headers, body: "[]" });
}

describe("server actions and foreign origins", () => {
  it("attack: a server action posted with a foreign Origin is refused with 403, not 500", async () => {
    const res = proxy(actionPost("https://evil.example"));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(proxy(actionPost("null")).status).toBe(403);
  });

  it("lets same-origin actions through (with the security headers)", () => {
    const res = proxy(actionPost("http://localhost:3000"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it("runs for every page (so every server action), not only some", () => {
    const source = (config.matcher[0] as { source: string }).source;
    const re = new RegExp(`^${source}$`);
    for (const p of ["/admin", "/account", "/risks/abc/edit", "/incidents/1", "/"])
      expect(re.test(p), p).toBe(true);
  });
});
