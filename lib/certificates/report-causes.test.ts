import { describe, expect, it } from "vitest";
import { issuerName, rotationCause } from "./report-causes";

describe("rotationCause", () => {
  it("names the issuer and cluster with the most misses, and counts the rest", () => {
    const misses = [
      ...Array.from({ length: 6 }, () => ({
        issuer: "CN=Vault PKI,O=Acme",
        cluster: "eu-west-prod",
        outcome: "late" as const,
      })),
      { issuer: "CN=Other CA", cluster: "us-east-prod", outcome: "missed" as const },
    ];
    expect(rotationCause(misses)).toBe(
      "6 certificates of issuer Vault PKI renewed late in cluster eu-west-prod (and 1 more elsewhere)",
    );
  });
  it("says 'not renewed in time' when none was late, and nothing when nothing was missed", () => {
    expect(rotationCause([{ issuer: "ClusterIssuer/internal-ca", cluster: null, outcome: "overdue" }])).toBe(
      "1 certificate of issuer ClusterIssuer/internal-ca was not renewed in time",
    );
    expect(rotationCause([])).toBeNull();
  });
  it("reads counted entries as that many misses", () => {
    expect(
      rotationCause([
        { issuer: "CN=Vault PKI", cluster: "eu", outcome: "late", count: 4 },
        { issuer: "CN=Vault PKI", cluster: "eu", outcome: "missed", count: 2 },
        { issuer: "CN=Other CA", cluster: "eu", outcome: "overdue", count: 5 },
      ]),
    ).toBe(
      "6 certificates of issuer Vault PKI renewed late or not at all in cluster eu (and 5 more elsewhere)",
    );
  });
  it("shortens DNs to their CN", () => {
    expect(issuerName("O=Acme, CN=Mesh Root")).toBe("Mesh Root");
    expect(issuerName("ClusterIssuer/vault-pki")).toBe("ClusterIssuer/vault-pki");
  });
});
