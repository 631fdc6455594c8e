import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("redirect after sign-in", () => {
  it("attack: /login?next=/%5Cevil.example does not send the user to another site", () => {
    const offSite = [
      decodeURIComponent("/%5Cevil.example"),
      "/\\/evil.example",
      "//evil.example",
      "/\t/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
    ];
    for (const next of offSite) expect(safeNext(next), JSON.stringify(next)).toBe("/");
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("keeps paths of this site with their query", () => {
    expect(safeNext("/risks?status=open#top")).toBe("/risks?status=open#top");
    expect(safeNext(undefined)).toBe("/");
  });
});
