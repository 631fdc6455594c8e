// Mesh detection rules, pure: which traffic offends and under which subject.
export const RULE_PLAINTEXT = "mesh.plaintext-cross-cluster";
export const RULE_TRUST_DOMAIN = "mesh.unknown-trust-domain";

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
