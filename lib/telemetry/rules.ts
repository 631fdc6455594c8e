// Mesh detection rules, pure: which traffic offends and under which subject.
import type { DetectionRule } from "@/lib/detection/rule-types";

export const PLAINTEXT_RULE = {
  id: "mesh.plaintext-cross-cluster",
  label: "Plaintext cross-cluster traffic",
  severity: "high",
  description:
    "The destination's proxy reported requests or connections from another cluster without mutual TLS (security policy none). Starts at the first such minute.",
} as const satisfies DetectionRule;

export const TRUST_DOMAIN_RULE = {
  id: "mesh.unknown-trust-domain",
  label: "Identity from an unknown trust domain",
  severity: "high",
  description:
    "A SPIFFE identity in mesh traffic belongs to a trust domain none of the registered clusters uses. Starts at the first such minute.",
} as const satisfies DetectionRule;

export const MESH_RULES: readonly DetectionRule[] = [PLAINTEXT_RULE, TRUST_DOMAIN_RULE];

export const RULE_PLAINTEXT = PLAINTEXT_RULE.id;
export const RULE_TRUST_DOMAIN = TRUST_DOMAIN_RULE.id;

/** The trust domain of a SPIFFE ID (spiffe://<td>/<path>), or null for anything else. */
export function trustDomainOf(principal: string | null | undefined): string | null {
  const m = /^spiffe:\/\/([^/]+)(\/|$)/i.exec(principal ?? "");
  return m ? m[1].toLowerCase() : null;
}

export interface EdgeRow {
  reporter: string;
  srcCluster: string | null;
  srcNamespace: string | null;
  srcWorkload: string | null;
  srcPrincipal: string | null;
  dstCluster: string | null;
  dstNamespace: string | null;
  dstWorkload: string | null;
  dstPrincipal: string | null;
  securityPolicy: string;
}

/** Plaintext between two different, known clusters, as the destination reported it. */
export function isPlaintextCrossCluster(e: EdgeRow): boolean {
  return (
    e.reporter === "destination" &&
    e.securityPolicy === "none" &&
    !!e.srcCluster &&
    !!e.dstCluster &&
    e.srcCluster !== e.dstCluster
  );
}

export const endpointLabel = (c: string | null, ns: string | null, wl: string | null) =>
  `${c ?? "unknown"}/${ns ?? "unknown"}/${wl ?? "unknown"}`;

export function plaintextSubject(e: EdgeRow): string {
  return `${endpointLabel(e.srcCluster, e.srcNamespace, e.srcWorkload)}→${endpointLabel(e.dstCluster, e.dstNamespace, e.dstWorkload)}`;
}

/**
 * SPIFFE principals of an edge whose trust domain is none of the known ones. With no trust domain
 * configured on any cluster nothing can be judged, so nothing is reported.
 */
export function foreignPrincipals(
  e: EdgeRow,
  known: ReadonlySet<string>,
): { principal: string; trustDomain: string; side: "src" | "dst" }[] {
  if (!known.size) return [];
  const out: { principal: string; trustDomain: string; side: "src" | "dst" }[] = [];
  for (const side of ["src", "dst"] as const) {
    const p = side === "src" ? e.srcPrincipal : e.dstPrincipal;
    const td = trustDomainOf(p);
    if (p && td && !known.has(td)) out.push({ principal: p, trustDomain: td, side });
  }
  return out;
}
