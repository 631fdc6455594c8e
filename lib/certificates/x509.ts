import { X509Certificate } from "node:crypto";
import { children, DerError, decodeOid, decodeTime, expectTag, readTlv, type Tlv } from "./der";
import { isSelfSigned, isTrustAnchor } from "./trust-anchor";

/** What Posture keeps of an X.509 certificate. */
export interface CertInfo {
  fingerprintSha256: string; // lowercase hex, no colons
  serial: string; // uppercase hex
  subject: string;
  issuer: string;
  commonName: string | null;
  sans: string[]; // "DNS:…", "URI:…", "IP:…", "email:…"
  spiffeId: string | null;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: string; // RSA, EC, DSA, Ed25519, Ed448, RSA-PSS, or the OID
  keySize: number | null; // bits (RSA/DSA modulus, EC field size)
  keyCurve: string | null;
  signatureAlgorithm: string; // OpenSSL's name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA256
  isCA: boolean;
  /** Subject = issuer and the signature verifies with its own key (trust-anchor.ts). */
  selfSigned: boolean;
  /** A self-signed CA: kept apart from the working inventory (trust-anchor.ts). */
  trustAnchor: boolean;
}

// OpenSSL's long names, so what we show matches `openssl x509 -text`.
const SIGNATURE_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.2.840.10040.4.3": "dsaWithSHA1",
  "2.16.840.1.101.3.4.3.1": "dsa_with_SHA224",
  "2.16.840.1.101.3.4.3.2": "dsa_with_SHA256",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
};

const KEY_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.1": "RSA",
  "1.2.840.113549.1.1.10": "RSA-PSS",
  "1.2.840.10040.4.1": "DSA",
  "1.2.840.10045.2.1": "EC",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
};

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  "P-256": 256,
  secp256k1: 256,
  secp384r1: 384,
  "P-384": 384,
  secp521r1: 521,
  "P-521": 521,
  secp224r1: 224,
  prime192v1: 192,
};

const SAN_OID = "2.5.29.17";

export class CertificateError extends Error {}

function hex(buf: Uint8Array): string {
  return Buffer.from(buf).toString("hex");
}

function sansFrom(der: Uint8Array, octets: Tlv): string[] {
  const seq = expectTag(readTlv(der, octets.start, octets.end), 0x30, "GeneralNames");
  const out: string[] = [];
  for (const n of children(der, seq)) {
    const v = der.subarray(n.start, n.end);
    switch (n.tag) {
      case 0x81:
        out.push(`email:${Buffer.from(v).toString("latin1")}`);
        break;
      case 0x82:
        out.push(`DNS:${Buffer.from(v).toString("latin1")}`);
        break;
      case 0x86:
        out.push(`URI:${Buffer.from(v).toString("utf8")}`);
        break;
      case 0x87:
        if (v.length === 4) out.push(`IP:${[...v].join(".")}`);
        else if (v.length === 16) out.push(`IP:${(hex(v).match(/.{4}/g) ?? []).join(":")}`);
        break;
      default:
        break; // otherName, directoryName… carry no identity we use
    }
  }
  return out;
}

/** The distinguished name on one line, in the certificate's RDN order: "C=US, O=Acme, CN=api". */
function dn(nodeText: string | undefined): string {
  return (nodeText ?? "").split("\n").filter(Boolean).join(", ");
}

/** Parses one DER certificate. Throws CertificateError with a reason when it is not one. */
export function parseCertificateDer(der: Uint8Array): CertInfo {
  let node: X509Certificate;
  try {
    node = new X509Certificate(der);
  } catch (e) {
    throw new CertificateError(`not a valid X.509 certificate (${(e as Error).message})`);
  }
  try {
    const cert = expectTag(readTlv(der, 0), 0x30, "Certificate");
    const [tbs, sigAlg] = children(der, cert);
    expectTag(tbs, 0x30, "TBSCertificate");
    const sigOid = decodeOid(der, children(der, expectTag(sigAlg, 0x30, "AlgorithmIdentifier"))[0]);
    const t = children(der, tbs);
    let i = t[0]?.tag === 0xa0 ? 1 : 0; // explicit version
    i += 3; // serial, signature, issuer
    const validity = children(der, expectTag(t[i++], 0x30, "Validity"));
    const notBefore = decodeTime(der, validity[0]);
    const notAfter = decodeTime(der, validity[1]);
    i++; // subject
    const spki = expectTag(t[i++], 0x30, "SubjectPublicKeyInfo");
    const keyOid = decodeOid(
      der,
      children(der, expectTag(children(der, spki)[0], 0x30, "AlgorithmIdentifier"))[0],
    );
    let sans: string[] = [];
    const extWrap = t.slice(i).find((x) => x.tag === 0xa3);
    if (extWrap) {
      const exts = expectTag(readTlv(der, extWrap.start, extWrap.end), 0x30, "Extensions");
      for (const ext of children(der, exts)) {
        const parts = children(der, ext);
        if (decodeOid(der, parts[0]) === SAN_OID)
          sans = sansFrom(der, expectTag(parts[parts.length - 1], 0x04, "extnValue"));
      }
    }
    let keySize: number | null = null;
    let keyCurve: string | null = null;
    try {
      const d = node.publicKey.asymmetricKeyDetails ?? {};
      if (d.modulusLength) keySize = d.modulusLength;
      if (d.namedCurve) {
        keyCurve = d.namedCurve;
        keySize = CURVE_BITS[d.namedCurve] ?? null;
      }
    } catch {
      // OpenSSL cannot load some keys (unknown curves, GOST); the algorithm is still known from the OID.
    }
    const keyAlgorithm = KEY_NAMES[keyOid] ?? keyOid;
    if (keyAlgorithm === "Ed25519") keySize = 256;
    if (keyAlgorithm === "Ed448") keySize = 456;
    const spiffeId = sans.find((s) => s.startsWith("URI:spiffe://"))?.slice(4) ?? null;
    const subject = dn(node.subject);
    const issuer = dn(node.issuer);
    const cn = /(?:^|, )CN=([^,]*)/.exec(subject)?.[1] ?? null;
    return {
      fingerprintSha256: node.fingerprint256.replaceAll(":", "").toLowerCase(),
      serial: node.serialNumber.toUpperCase(),
      subject,
      issuer,
      commonName: cn,
      sans,
      spiffeId,
      notBefore,
      notAfter,
      keyAlgorithm,
      keySize,
      keyCurve,
      signatureAlgorithm: SIGNATURE_NAMES[sigOid] ?? sigOid,
      isCA: node.ca,
      selfSigned: isSelfSigned(node),
      trustAnchor: isTrustAnchor(node, sans),
    };
  } catch (e) {
    if (e instanceof DerError) throw new CertificateError(`malformed certificate: ${e.message}`);
    throw e;
  }
}
