import { describe, expect, it } from "vitest";
import { resolveClientAddress, UNKNOWN_ADDRESS } from "./client-address";
import { parseTrustedProxies } from "./trusted-proxies";

describe("client address", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.7 fd00::/8");

  it("is the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
  });

  it("walks X-Forwarded-For from the right while the hop is a trusted proxy", () => {
    expect(resolveClientAddress("10.1.1.1", "198.51.100.1, 203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(resolveClientAddress("10.1.1.1", "198.51.100.1, 203.0.113.7, 192.168.1.7", proxies)).toBe(
      "203.0.113.7",
    );
    expect(resolveClientAddress("fd00::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
  });

  it("never turns garbage into an address", () => {
    expect(resolveClientAddress("10.1.1.1", "evil, not-an-ip", proxies)).toBe("10.1.1.1");
    expect(resolveClientAddress("10.1.1.1", "", proxies)).toBe("10.1.1.1");
    expect(resolveClientAddress(null, "1.2.3.4", proxies)).toBe(UNKNOWN_ADDRESS);
    expect(resolveClientAddress("\u0000", "1.2.3.4", proxies)).toBe(UNKNOWN_ADDRESS);
  });

  it("refuses a malformed proxy list naming the entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/proxy\.local/);
  });
});
