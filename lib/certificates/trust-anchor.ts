import type { X509Certificate } from "node:crypto";

// Trust anchors (docs/certificates.md#trust-anchors): the one definition every part of Posture uses.
//
// A certificate is self-signed when its subject equals its issuer (as encoded names, compared by OpenSSL),
// OpenSSL's issuer check accepts it as its own issuer (names, and the authority key identifier against its
// subject key identifier when it carries both) and its signature verifies with its own public key.
// A self-signed certificate that is a CA (basicConstraints CA:TRUE) is a trust anchor: a root that
// relying parties hold in their trust store. It is not a working certificate: it is not rotated on a
// schedule, and its self-signature is never checked by anyone (RFC 5280 §6.1: path validation starts from
// the anchor's name and key), so its signature algorithm cannot make it weak; only its key can.
// A self-signed certificate that is not a CA (a kubelet's) stays a workload certificate, and so does a
// self-signed CA that names a host or service in its subjectAltName (DNS, IP or URI): that is a server's
// own certificate made with `openssl req -x509`, which marks CA:TRUE by default; roots name no hosts.

export function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
  } catch {
    // A key OpenSSL cannot load (an unknown curve) cannot be verified: not proven self-signed.
    return false;
  }
}

/** `sans` as x509.ts lists them ("DNS:…", "IP:…", "URI:…", "email:…"). */
export function isTrustAnchor(cert: X509Certificate, sans: string[]): boolean {
  if (sans.some((s) => /^(DNS|IP|URI):/.test(s))) return false;
  return cert.ca && isSelfSigned(cert);
}

export type AnchorExpiry = "expired" | "expiring" | "ok";

/** Within this many days before notAfter a trust anchor is "expiring" (trust bundles take time to roll out). */
export const ANCHOR_EXPIRING_DAYS = 90;

export function anchorExpiryOf(notAfter: Date, now: Date): AnchorExpiry {
  if (notAfter.getTime() < now.getTime()) return "expired";
  if (notAfter.getTime() < now.getTime() + ANCHOR_EXPIRING_DAYS * 86_400_000) return "expiring";
  return "ok";
}
