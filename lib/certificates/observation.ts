import type { CertInfo } from "./x509";

export type LineageKind = "cert-manager" | "spiffe" | "dn";
export type ObservationSource = "pem" | "cert-manager" | "x509-exporter" | "blackbox" | "tls";

/** cert-manager's view of one Certificate resource in one snapshot. */
export interface CertManagerState {
  secretName: string | null;
  issuerRef: { name: string; kind: string; group: string | null };
  duration: string | null;
  renewBefore: string | null;
  ready: "True" | "False" | "Unknown" | null;
  readyReason: string | null;
  readyMessage: string | null;
  issuing: boolean;
  failedIssuanceAttempts: number | null;
  lastFailureTime: string | null;
  conditions: unknown[];
}

/**
 * One sighting of a certificate version, whatever format it came in: what the store step turns into a
 * lineage (docs/kpis.md, rotation on schedule), a version of it and, for real X.509, a row of the certificate inventory.
 */
export interface CertObservation {
  source: ObservationSource;
  /** The record's own cluster (envelope, label); null means the batch's ?cluster=. */
  cluster: string | null;
  namespace: string | null;
  /** cert-manager Certificate name, Secret name, endpoint… */
  name: string | null;
  /** When the sighting was made (snapshot collectedAt, sample time); null means the batch's receipt. */
  observedAt: Date | null;
  /** Where it was seen, for people: "secret shop/frontend-tls", "tls api.example:443", "pem upload". */
  where: string;
  lineageKind: LineageKind;
  /** The lineage identity within its cluster and kind. */
  lineageIdentity: string;
  /** Tells versions of one lineage apart: "rev:7", "fp:<sha256>", "serial:<hex>". */
  versionKey: string;
  revision: number | null;
  fingerprintSha256: string | null;
  serial: string | null;
  subject: string;
  issuer: string;
  sans: string[];
  spiffeId: string | null;
  notBefore: Date | null;
  notAfter: Date;
  renewalTime: Date | null;
  renewBeforeSeconds: number | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  signatureAlgorithm: string | null;
  isCA: boolean;
  /** The source itself says it has expired (cert-manager Ready=False/Expired, x509_cert_expired 1). */
  reportedExpired: boolean;
  certManager: CertManagerState | null;
  /** Present when the observation is a parsed X.509 certificate. */
  x509: CertInfo | null;
  x509Der: Uint8Array | null;
}

/** The lineage key (docs/kpis.md, rotation on schedule): the SPIFFE ID when there is one, else issuer DN + subject DN + sorted SANs. */
export function x509LineageIdentity(c: Pick<CertInfo, "spiffeId" | "issuer" | "subject" | "sans">): {
  kind: LineageKind;
  identity: string;
} {
  if (c.spiffeId) return { kind: "spiffe", identity: c.spiffeId };
  return { kind: "dn", identity: `${c.issuer} | ${c.subject} | ${[...c.sans].sort().join(",")}` };
}

export function fromX509(
  cert: CertInfo,
  der: Uint8Array,
  at: {
    source: ObservationSource;
    cluster?: string | null;
    namespace?: string | null;
    name?: string | null;
    where: string;
    observedAt?: Date | null;
  },
): CertObservation {
  const lin = x509LineageIdentity(cert);
  return {
    source: at.source,
    cluster: at.cluster ?? null,
    namespace: at.namespace ?? null,
    name: at.name ?? cert.commonName ?? cert.spiffeId ?? null,
    observedAt: at.observedAt ?? null,
    where: at.where,
    lineageKind: lin.kind,
    lineageIdentity: lin.identity,
    versionKey: `fp:${cert.fingerprintSha256}`,
    revision: null,
    fingerprintSha256: cert.fingerprintSha256,
    serial: cert.serial,
    subject: cert.subject,
    issuer: cert.issuer,
    sans: cert.sans,
    spiffeId: cert.spiffeId,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    renewalTime: null,
    renewBeforeSeconds: null,
    keyAlgorithm: cert.keyAlgorithm,
    keySize: cert.keySize,
    signatureAlgorithm: cert.signatureAlgorithm,
    isCA: cert.isCA,
    reportedExpired: false,
    certManager: null,
    x509: cert,
    x509Der: der,
  };
}
