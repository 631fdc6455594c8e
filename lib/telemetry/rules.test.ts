import { describe, expect, it } from "vitest";
import {
  type EdgeRow,
  foreignPrincipals,
  isPlaintextCrossCluster,
  plaintextSubject,
  trustDomainOf,
} from "./rules";

const edge = (patch: Partial<EdgeRow>): EdgeRow => ({
  reporter: "destination",
  srcCluster: "us-east-prod",
  srcNamespace: "legacy",
  srcWorkload: "legacy-billing",
  srcPrincipal: null,
  dstCluster: "eu-west-prod",
  dstNamespace: "payments",
  dstWorkload: "payments-api",
  dstPrincipal: null,
  securityPolicy: "none",
  ...patch,
});

describe("mesh detection rules", () => {
  it("plaintext cross-cluster needs the destination's word, policy none and two different known clusters", () => {
    expect(isPlaintextCrossCluster(edge({}))).toBe(true);
    expect(plaintextSubject(edge({}))).toBe(
      "us-east-prod/legacy/legacy-billing→eu-west-prod/payments/payments-api",
    );
    expect(isPlaintextCrossCluster(edge({ securityPolicy: "mutual_tls" }))).toBe(false);
    expect(isPlaintextCrossCluster(edge({ securityPolicy: "unknown" }))).toBe(false);
    expect(isPlaintextCrossCluster(edge({ reporter: "source" }))).toBe(false);
    expect(isPlaintextCrossCluster(edge({ dstCluster: "us-east-prod" }))).toBe(false);
    // A caller from outside the mesh has no cluster: plaintext, but not known to be cross-cluster.
    expect(isPlaintextCrossCluster(edge({ srcCluster: null }))).toBe(false);
  });

  it("reads trust domains from SPIFFE IDs only", () => {
    expect(trustDomainOf("spiffe://acme.internal/ns/shop/sa/frontend")).toBe("acme.internal");
    expect(trustDomainOf("SPIFFE://Partner.Example/ns/x/sa/y")).toBe("partner.example");
    expect(trustDomainOf("serviceaccount:shop/frontend")).toBeNull();
    expect(trustDomainOf(null)).toBeNull();
  });

  it("foreign principals: unknown trust domains on either side; nothing when no trust domain is configured", () => {
    const e = edge({
      srcPrincipal: "spiffe://partner.example/ns/integrations/sa/sync-agent",
      dstPrincipal: "spiffe://acme.internal/ns/ledger/sa/ledger-writer",
    });
    expect(foreignPrincipals(e, new Set(["acme.internal"]))).toEqual([
      {
        principal: "spiffe://partner.example/ns/integrations/sa/sync-agent",
        trustDomain: "partner.example",
        side: "src",
      },
    ]);
    expect(foreignPrincipals(e, new Set(["acme.internal", "partner.example"]))).toEqual([]);
    expect(foreignPrincipals(e, new Set())).toEqual([]);
  });
});
