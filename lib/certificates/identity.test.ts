import { describe, expect, it } from "vitest";
import { isWeak } from "./hygiene";
import { issuerKeyOf } from "./identity";
import { anchorExpiryOf } from "./trust-anchor";

describe("one certificate through several sources", () => {
  it("issuers compare by common name across certificate order, Go's reverse order and the exporter's labels", () => {
    const node = issuerKeyOf("C=US, O=Let's Encrypt, CN=R11");
    expect(issuerKeyOf("CN=R11,O=Let's Encrypt,C=US")).toBe(node);
    expect(issuerKeyOf("O=Let's Encrypt, CN=R11")).toBe(node); // exporter labels, issuer_C left empty
    expect(issuerKeyOf("CN=E5,O=Let's Encrypt,C=US")).not.toBe(node);
    // Without a CN: the whole name, attributes sorted, escaped commas kept inside their value.
    expect(issuerKeyOf("OU=Unit\\, East,O=Acme")).toBe(issuerKeyOf("O=Acme, OU=Unit\\, East"));
    expect(issuerKeyOf("")).toBeNull();
  });
});

describe("trust anchors", () => {
  const sha1Root = { keyAlgorithm: "RSA", keySize: 2048, signatureAlgorithm: "sha1WithRSAEncryption" };
  it("a trust anchor's self-signature algorithm never makes it weak; its key still does", () => {
    expect(isWeak(sha1Root)).toBe(true); // a working certificate signed with SHA-1 is weak
    expect(isWeak({ ...sha1Root, trustAnchor: true })).toBe(false);
    expect(isWeak({ ...sha1Root, keySize: 1024, trustAnchor: true })).toBe(true);
    expect(
      isWeak({
        keyAlgorithm: "DSA",
        keySize: 2048,
        signatureAlgorithm: "dsa_with_SHA256",
        trustAnchor: true,
      }),
    ).toBe(true);
  });

  it("expiry states: expired, expiring within 90 days, ok", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(anchorExpiryOf(new Date("2025-12-31T23:59:59Z"), now)).toBe("expired");
    expect(anchorExpiryOf(new Date("2026-03-31T23:59:59Z"), now)).toBe("expiring");
    expect(anchorExpiryOf(new Date("2026-04-01T00:00:00Z"), now)).toBe("ok");
  });
});
