// Configuration is validated once, in lib/config/env.ts: a bad value stops the start with a message naming
// the variable, instead of a silent fallback (an unknown SSO default role used to become "viewer").
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { oidcSettings } from "@/lib/auth/oidc";
import { env, reloadEnv } from "@/lib/config/env";

const VARIABLES = [
  "POSTURE_OIDC_ISSUER",
  "POSTURE_OIDC_CLIENT_ID",
  "POSTURE_OIDC_DEFAULT_ROLE",
  "POSTURE_OIDC_AUTO_PROVISION",
  "POSTURE_TRUSTED_PROXIES",
  "POSTURE_OUTBOUND_ALLOW",
  "POSTURE_LOGIN_RATE_PER_MIN",
  "POSTURE_PDF_CONCURRENCY",
];

afterEach(() => {
  for (const v of VARIABLES) delete process.env[v];
  reloadEnv();
});

const invalid = (name: string, value: string) => {
  process.env[name] = value;
  return () => reloadEnv();
};

describe("configuration", () => {
  it("an unknown POSTURE_OIDC_DEFAULT_ROLE is an error naming it, never a silent viewer", () => {
    process.env.POSTURE_OIDC_ISSUER = "https://sso.example.com/";
    process.env.POSTURE_OIDC_CLIENT_ID = "posture";
    expect(invalid("POSTURE_OIDC_DEFAULT_ROLE", "superuser")).toThrow(
      /Invalid configuration: POSTURE_OIDC_DEFAULT_ROLE: .*viewer.*operator.*risk_manager.*admin/,
    );
    process.env.POSTURE_OIDC_DEFAULT_ROLE = "risk_manager";
    reloadEnv();
    expect(oidcSettings()).toMatchObject({
      issuer: "https://sso.example.com",
      clientId: "posture",
      defaultRole: "risk_manager",
      autoProvision: true,
      name: "single sign-on",
    });
  });

  it("lists, numbers and switches are checked at start, each error naming its variable", () => {
    expect(invalid("POSTURE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")).toThrow(
      /POSTURE_TRUSTED_PROXIES: .*"proxy\.local"/,
    );
    delete process.env.POSTURE_TRUSTED_PROXIES;
    expect(invalid("POSTURE_OUTBOUND_ALLOW", "10.0.0.0/99")).toThrow(
      /POSTURE_OUTBOUND_ALLOW: .*10\.0\.0\.0\/99/,
    );
    delete process.env.POSTURE_OUTBOUND_ALLOW;
    expect(invalid("POSTURE_LOGIN_RATE_PER_MIN", "ten")).toThrow(/POSTURE_LOGIN_RATE_PER_MIN/);
    delete process.env.POSTURE_LOGIN_RATE_PER_MIN;
    expect(invalid("POSTURE_PDF_CONCURRENCY", "64")).toThrow(/POSTURE_PDF_CONCURRENCY/);
    delete process.env.POSTURE_PDF_CONCURRENCY;
    expect(invalid("POSTURE_OIDC_AUTO_PROVISION", "no")).toThrow(/POSTURE_OIDC_AUTO_PROVISION/);
  });

  it("an empty value is unset: the documented default applies", () => {
    process.env.POSTURE_LOGIN_RATE_PER_MIN = "";
    process.env.POSTURE_OIDC_DEFAULT_ROLE = "";
    reloadEnv();
    expect(env().POSTURE_LOGIN_RATE_PER_MIN).toBe(10);
    expect(env().POSTURE_OIDC_DEFAULT_ROLE).toBe("viewer");
  });

  it("npm start refuses to start on an invalid variable, naming it", async () => {
    const run = promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/start.ts"], {
      env: { ...process.env, POSTURE_OIDC_DEFAULT_ROLE: "superuser" },
      cwd: process.cwd(),
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    const r = await run;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[posture\] Invalid configuration: POSTURE_OIDC_DEFAULT_ROLE/);
  }, 60_000);
});
