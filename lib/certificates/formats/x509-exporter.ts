import type { CertObservation } from "../observation";

export class ExpositionError extends Error {}

export type ExporterItem =
  | { ok: true; obs: CertObservation; line: number }
  | { ok: false; line: number; reason: string };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | null;
  line: number;
}

const SERIES = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/;

/** Label pairs with Prometheus escapes (\\, \", \n). Returns null when malformed. */
export function parseLabels(s: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    while (s[i] === " " || s[i] === ",") i++;
    if (i >= s.length) break;
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    let v = "";
    for (;;) {
      if (i >= s.length) return null;
      const c = s[i++];
      if (c === '"') break;
      if (c === "\\") {
        const e = s[i++];
        v += e === "n" ? "\n" : e;
      } else v += c;
    }
    out[m[1]] = v;
  }
  return out;
}

function parseValue(s: string): number {
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  return Number(s);
}

// Families of the exporters we read that describe the exporter or probe itself, not a certificate.
const BOOKKEEPING =
  /^(x509_(source_|exporter_|read_errors|crl_)|probe_(?!ssl_earliest_cert_expiry$|ssl_last_chain_info$))/;
const CERT_LABELS = [
  "serial_number",
  "subject_C",
  "subject_ST",
  "subject_L",
  "subject_O",
  "subject_OU",
  "subject_CN",
];

function dnOf(l: Record<string, string>, prefix: "subject" | "issuer"): string {
  return ["C", "ST", "L", "O", "OU", "CN"]
    .map((k) => [k, l[`${prefix}_${k}`] ?? ""] as const)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

function serialHex(dec: string): string | null {
  if (!/^\d+$/.test(dec)) return null;
  return BigInt(dec).toString(16).toUpperCase();
}

/**
 * Prometheus exposition from the enix x509-certificate-exporter (x509_cert_* series, one certificate
 * per label set) and from blackbox_exporter (probe_ssl_last_chain_info joined with
 * probe_ssl_earliest_cert_expiry per target). Each certificate is one record, referenced by the line of
 * its first series. Series of other families (e.g. certmanager_*) are reported once per family.
 */
export function parseX509Exposition(text: string, defaultCluster: string | null): ExporterItem[] {
  const samples: Sample[] = [];
  const out: ExporterItem[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    if (!l || l.startsWith("#")) continue;
    const m = SERIES.exec(l);
    const labels = m ? parseLabels(m[3] ?? "") : null;
    const value = m ? parseValue(m[4]) : Number.NaN;
    if (!m || !labels || Number.isNaN(value)) {
      out.push({ ok: false, line: n + 1, reason: "not a Prometheus exposition series line" });
      continue;
    }
    samples.push({ name: m[1], labels, value, timestampMs: m[5] ? Number(m[5]) : null, line: n + 1 });
  }
  if (samples.length === 0 && out.length > 0) {
    throw new ExpositionError("No Prometheus series found: this is not text exposition format");
  }
  if (samples.length === 0) throw new ExpositionError("No series in the exposition");

  const certs = new Map<string, Sample[]>();
  const probes = new Map<string, { info?: Sample; expiry?: Sample }>();
  const foreign = new Map<string, { line: number; count: number }>();
  for (const s of samples) {
    if (s.name.startsWith("x509_cert_")) {
      const key = JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)));
      certs.set(key, [...(certs.get(key) ?? []), s]);
    } else if (s.name === "probe_ssl_last_chain_info" || s.name === "probe_ssl_earliest_cert_expiry") {
      const key = `${s.labels.job ?? ""}|${s.labels.instance ?? ""}`;
      const p = probes.get(key) ?? {};
      if (s.name === "probe_ssl_last_chain_info") p.info = s;
      else p.expiry = s;
      probes.set(key, p);
    } else if (!BOOKKEEPING.test(s.name)) {
      const f = foreign.get(s.name);
      if (f) f.count++;
      else foreign.set(s.name, { line: s.line, count: 1 });
    }
  }
  for (const series of certs.values()) out.push(exporterCert(series, defaultCluster));
  for (const p of probes.values()) {
    if (p.info) out.push(probeCert(p.info, p.expiry, defaultCluster));
  }
  for (const [name, f] of foreign) {
    out.push({
      ok: false,
      line: f.line,
      reason: `ignored: ${name} (${f.count} series) is not an x509_cert_* or probe_ssl_* metric${name.startsWith("certmanager_") ? "; send cert-manager Certificates with format=cert-manager" : ""}`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

function exporterCert(series: Sample[], defaultCluster: string | null): ExporterItem {
  const first = series.reduce((a, b) => (a.line < b.line ? a : b));
  const l = first.labels;
  const get = (m: string) => series.find((s) => s.name === m);
  const na = get("x509_cert_not_after");
  if (!na)
    return { ok: false, line: first.line, reason: "no x509_cert_not_after series for this certificate" };
  if (!Number.isFinite(na.value) || na.value <= 0)
    return { ok: false, line: na.line, reason: "x509_cert_not_after is not a unix time" };
  if (!CERT_LABELS.some((k) => l[k]))
    return { ok: false, line: first.line, reason: "no serial_number or subject_* labels" };
  const nb = get("x509_cert_not_before");
  const cluster = l.cluster || defaultCluster;
  const namespace = l.secret_namespace || l.configmap_namespace || null;
  const objName = l.secret_name || l.configmap_name || l.cabundle_resource_name || null;
  const where = l.secret_name
    ? `secret ${l.secret_namespace}/${l.secret_name}${l.secret_key ? ` key ${l.secret_key}` : ""}`
    : l.configmap_name
      ? `configmap ${l.configmap_namespace}/${l.configmap_name}`
      : l.filepath
        ? `file ${l.filepath}`
        : l.embedded_kind
          ? `kubeconfig ${l.filepath ?? ""} ${l.embedded_kind}`
          : "x509-certificate-exporter";
  const serial = serialHex(l.serial_number ?? "");
  const subject = dnOf(l, "subject");
  const issuer = dnOf(l, "issuer");
  const observedMs = na.timestampMs;
  return {
    ok: true,
    line: first.line,
    obs: {
      source: "x509-exporter",
      cluster,
      namespace,
      name: objName ?? (l.subject_CN || null),
      observedAt: observedMs ? new Date(observedMs) : null,
      where,
      lineageKind: "dn",
      lineageIdentity: `${issuer} | ${subject} | `,
      versionKey: serial ? `serial:${serial}` : `na:${na.value}`,
      revision: null,
      fingerprintSha256: null,
      serial,
      subject,
      issuer,
      sans: [],
      spiffeId: null,
      notBefore: nb && Number.isFinite(nb.value) && nb.value > 0 ? new Date(nb.value * 1000) : null,
      notAfter: new Date(na.value * 1000),
      renewalTime: null,
      renewBeforeSeconds: null,
      keyAlgorithm: null,
      keySize: null,
      signatureAlgorithm: null,
      isCA: false,
      reportedExpired: get("x509_cert_expired")?.value === 1,
      certManager: null,
      x509: null,
      x509Der: null,
    },
  };
}

/** blackbox DN strings are "CN=x,O=y,C=US" (leaf first); we show them as the exporter does. */
function probeCert(info: Sample, expiry: Sample | undefined, defaultCluster: string | null): ExporterItem {
  const l = info.labels;
  const fp = (l.fingerprint_sha256 ?? "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(fp))
    return { ok: false, line: info.line, reason: "probe_ssl_last_chain_info without a SHA-256 fingerprint" };
  // A negative expiry is blackbox's "year 1" for an unverifiable chain.
  if (!expiry || !Number.isFinite(expiry.value) || expiry.value <= 0) {
    return {
      ok: false,
      line: info.line,
      reason: `no usable probe_ssl_earliest_cert_expiry for ${l.instance ?? "this target"}`,
    };
  }
  const sans = (l.subjectalternative ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => `DNS:${s}`);
  const subject = (l.subject ?? "")
    .split(",")
    .map((s) => s.trim())
    .join(", ");
  const issuer = (l.issuer ?? "")
    .split(",")
    .map((s) => s.trim())
    .join(", ");
  return {
    ok: true,
    line: info.line,
    obs: {
      source: "blackbox",
      cluster: l.cluster || defaultCluster,
      namespace: null,
      name: l.instance ?? null,
      observedAt: info.timestampMs ? new Date(info.timestampMs) : null,
      where: `probe ${l.instance ?? ""}`.trim(),
      lineageKind: "dn",
      lineageIdentity: `${issuer} | ${subject} | ${[...sans].sort().join(",")}`,
      versionKey: `fp:${fp}`,
      revision: null,
      fingerprintSha256: fp,
      serial: l.serialnumber ? l.serialnumber.toUpperCase() : null,
      subject,
      issuer,
      sans,
      spiffeId: null,
      notBefore: null,
      notAfter: new Date(expiry.value * 1000),
      renewalTime: null,
      renewBeforeSeconds: null,
      keyAlgorithm: null,
      keySize: null,
      signatureAlgorithm: null,
      isCA: false,
      reportedExpired: false,
      certManager: null,
      x509: null,
      x509Der: null,
    },
  };
}
