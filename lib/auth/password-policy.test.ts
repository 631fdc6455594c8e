import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("password policy", () => {
  it("attack: common and breached passwords of a valid length are refused (password1234)", () => {
    for (const p of ["password1234", "qwertyuiop123", "iloveyou12345", "aaaaaaaaaaaa", "123456789012"])
      expect(passwordProblem(p), p).toMatch(/too easy to guess/);
  });

  it("refuses the user's own email and name, and short or overlong passwords", () => {
    expect(passwordProblem("alice.smith@example.com", ["alice.smith@example.com", "Alice Smith"])).toMatch(
      /guess/,
    );
    expect(passwordProblem("short-1")).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(300))).toMatch(/at most/);
  });

  it("accepts long passphrases", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("an unguessable passphrase 4711")).toBeNull();
  });
});
