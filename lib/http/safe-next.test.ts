import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("redirect after sign-in", () => {
  it("attack: /login?next=/%5Cevil.example does not send the user to another site", () => {
    expect(safeNext(decodeURIComponent("/%5Cevil.example"))).toBe("/");
    expect(safeNext("/\\/evil.example")).toBe("/");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("/\t/evil.example")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("javascript:alert(1)")).toBe("/");
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("keeps paths of this site with their query", () => {
    expect(safeNext("/risks?status=open#top")).toBe("/risks?status=open#top");
    expect(safeNext(undefined)).toBe("/");
  });
});
