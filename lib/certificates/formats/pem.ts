import { readTlv } from "../der";
import { type CertInfo, CertificateError, parseCertificateDer } from "../x509";

export type PemItem =
  | { ok: true; cert: CertInfo; der: Uint8Array; index: number; line: number }
  | { ok: false; index: number; line: number; reason: string };

const CERT_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class PemError extends Error {}

/**
 * Splits a PEM bundle into its blocks and parses each certificate. Tolerates CRLF line ends and text
 * around and between blocks (as `openssl x509 -text` output or CA bundles carry). A non-certificate
 * block (private key, CRL, CSR) or a broken one is a per-block rejection; a payload with no PEM block
 * at all throws PemError (the whole batch is rejected).
 */
export function parsePem(text: string): PemItem[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const items: PemItem[] = [];
  let open: { label: string; line: number; body: string[] } | null = null;
  let blocks = 0;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    const begin = /^-----BEGIN ([A-Z0-9 ]+)-----$/.exec(l);
    if (begin) {
      if (open) items.push(truncated(open, blocks++));
      open = { label: begin[1], line: n + 1, body: [] };
      continue;
    }
    const end = /^-----END ([A-Z0-9 ]+)-----$/.exec(l);
    if (end && open) {
      const index = blocks++;
      if (end[1] !== open.label) {
        items.push({
          ok: false,
          index,
          line: open.line,
          reason: `BEGIN ${open.label} is closed by END ${end[1]}`,
        });
      } else {
        items.push(block(open.label, open.body, index, open.line));
      }
      open = null;
      continue;
    }
    if (open && l && !l.includes(":")) open.body.push(l); // RFC 1421 headers (Proc-Type: …) carry no data
  }
  if (open) items.push(truncated(open, blocks++));
  if (blocks === 0) throw new PemError(describeNonPem(text));
  return items;
}

function truncated(open: { label: string; line: number }, index: number): PemItem {
  return { ok: false, index, line: open.line, reason: `truncated: BEGIN ${open.label} has no END line` };
}

function block(label: string, body: string[], index: number, line: number): PemItem {
  if (!CERT_LABELS.has(label)) {
    const what = /PRIVATE KEY/.test(label) ? " (a private key: do not send keys to Posture)" : "";
    return { ok: false, index, line, reason: `skipped: a ${label} block is not a certificate${what}` };
  }
  const b64 = body.join("");
  if (!b64) return { ok: false, index, line, reason: "empty CERTIFICATE block" };
  if (!BASE64.test(b64) || b64.length % 4 === 1) {
    return { ok: false, index, line, reason: "the CERTIFICATE block is not valid base64" };
  }
  let der: Uint8Array = Buffer.from(b64, "base64");
  try {
    // TRUSTED CERTIFICATE blocks append OpenSSL trust settings after the certificate itself.
    const t = readTlv(der, 0);
    if (t.end < der.length) der = der.subarray(0, t.end);
    return { ok: true, cert: parseCertificateDer(der), der, index, line };
  } catch (e) {
    const msg = e instanceof CertificateError ? e.message : `malformed certificate: ${(e as Error).message}`;
    return { ok: false, index, line, reason: msg };
  }
}

function describeNonPem(text: string): string {
  if (!text.trim()) return "The body is empty";
  const c0 = text.charCodeAt(0);
  if (c0 === 0x30 && (text.charCodeAt(1) >= 0x80 || text.charCodeAt(1) === 0xfffd)) {
    return "The body looks like binary DER, not PEM; convert it with `openssl x509 -inform der -in FILE` and send the PEM";
  }
  return "No PEM block found (expected -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)";
}

/** Re-armours DER as PEM (64-character lines), for tests and the tls-endpoints connector. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END CERTIFICATE-----\n`;
}
