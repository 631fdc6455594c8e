// Which observations are the same certificate (docs/certificates.md#one-certificate-one-entry). Pure.
//
// The SHA-256 fingerprint decides when both sides carry one. Otherwise the issuer and the serial number
// do: a CA never issues one serial twice. Serials are compared as uppercase hex without leading zeros
// (Node pads bytes, Go's blackbox_exporter prints lowercase; the exporter's decimal is converted when
// parsed): serialKey here, `ltrim(upper(serial), '0')` in merge.ts's SQL. The issuer is compared by its common name (case-insensitive),
// because the sources spell issuer names differently — Node prints the RDNs in certificate order, Go's
// blackbox_exporter in reverse, and the x509-certificate-exporter only exports C/ST/L/O/OU/CN, often with
// some of them empty; the CN is the part all of them carry. An issuer without a CN falls back to its whole
// name with the attributes sorted.

/** The parts of a one-line DN ("C=US, O=Acme, CN=x" or "CN=x,O=Acme,C=US"), honouring "\," escapes. */
function rdns(dn: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of dn.split(/(?<!\\),\s*/)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const value = part.slice(eq + 1).trim();
    if (value) out.push([part.slice(0, eq).trim().toUpperCase(), value.replace(/\\,/g, ",")]);
  }
  return out;
}

/** The issuer as compared with a serial number: its CN, else its whole name with sorted attributes. */
export function issuerKeyOf(issuer: string): string | null {
  const parts = rdns(issuer);
  const cn = parts.find(([k]) => k === "CN");
  if (cn) return `cn:${cn[1].toLowerCase()}`;
  if (!parts.length) return null;
  return `dn:${parts
    .map(([k, v]) => `${k}=${v.toLowerCase()}`)
    .sort()
    .join(",")}`;
}

/** A serial number as compared: uppercase hex without leading zeros (merge.ts does the same in SQL). */
export function serialKey(serial: string): string {
  return serial.toUpperCase().replace(/^0+/, "");
}
