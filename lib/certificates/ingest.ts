import "server-only";
import { AppError } from "@/lib/errors";
import { registerFormat } from "@/lib/ingest/registry";
import type { FormatHandler, IngestContext, ParseItem } from "@/lib/ingest/types";
import { runCertificateDetection } from "./detection";
import { CertManagerPayloadError, parseCertManager } from "./formats/cert-manager";
import { PemError, parsePem } from "./formats/pem";
import { ExpositionError, parseX509Exposition } from "./formats/x509-exporter";
import { mergeSameCertificates } from "./merge";
import { recomputeLineages, storeObservations, touchedLineages } from "./mutations/lineages";
import { type CertObservation, fromX509 } from "./observation";
import { parseTlsChains, TlsChainError } from "./tls-chain";

// Certificates arrive as PEM bundles, cert-manager Certificate Lists, or x509-exporter metrics
// (docs/ingest-formats.md). All three become CertObservations and share one store step.

async function finish(ctx: IngestContext) {
  // Sightings of one certificate through several sources become one inventory entry first.
  const lineages = await mergeSameCertificates(ctx.sql, touchedLineages(ctx));
  await recomputeLineages(ctx.sql, lineages);
  const clusters = await ctx.sql.query<{ id: string }>(
    `SELECT DISTINCT "clusterId" AS id FROM certificate_lineage WHERE id = ANY($1::uuid[]) AND "clusterId" IS NOT NULL`,
    [lineages],
  );
  if (!clusters.length) return;
  ctx.afterCommit(async () => {
    await runCertificateDetection({ actor: ctx.actor, clusterIds: clusters.map((c) => c.id) });
  });
}

const shared = { kind: "certificates" as const, store: storeObservations, finish, chunkSize: 500 };

function badPayload(e: unknown): never {
  if (e instanceof PemError || e instanceof CertManagerPayloadError || e instanceof ExpositionError) {
    throw new AppError("bad_request", e.message);
  }
  throw e;
}

export const pemFormat: FormatHandler<CertObservation> = registerFormat<CertObservation>({
  ...shared,
  format: "pem",
  description:
    "PEM bundle of one or more X.509 certificates (leaf and chain); other PEM blocks are skipped with a note",
  sniff: (head) => head.includes("-----BEGIN "),
  async *parse(input): AsyncIterable<ParseItem<CertObservation>> {
    const text = await input.text();
    let items: ReturnType<typeof parsePem>;
    try {
      items = parsePem(text);
    } catch (e) {
      badPayload(e);
    }
    for (const i of items) {
      const ref = { index: i.index, line: i.line };
      if (i.ok)
        yield { ok: true, ref, record: fromX509(i.cert, i.der, { source: "pem", where: "PEM upload" }) };
      else yield { ok: false, ref, reason: i.reason };
    }
  },
});

export const certManagerFormat: FormatHandler<CertObservation> = registerFormat<CertObservation>({
  ...shared,
  format: "cert-manager",
  description:
    "cert-manager Certificates: `kubectl get certificates -A -o json` List, raw or in {cluster, collectedAt, source, payload} (or an array of those)",
  sniff: (head) => /^\s*[[{]/.test(head) && (head.includes("cert-manager.io") || /"payload"\s*:/.test(head)),
  async *parse(input, opts): AsyncIterable<ParseItem<CertObservation>> {
    const text = await input.text();
    let items: ReturnType<typeof parseCertManager>;
    try {
      items = parseCertManager(text, opts.cluster);
    } catch (e) {
      badPayload(e);
    }
    for (const i of items) {
      if (i.ok) yield { ok: true, ref: { index: i.index }, record: i.obs };
      else yield { ok: false, ref: { index: i.index }, reason: i.reason };
    }
  },
});

export const x509ExporterFormat: FormatHandler<CertObservation> = registerFormat<CertObservation>({
  ...shared,
  format: "x509-exporter",
  description:
    "Prometheus exposition of x509_cert_* (enix x509-certificate-exporter) and blackbox probe_ssl_* series",
  sniff: (head) => /^(# (HELP|TYPE) )?(x509_|probe_ssl_)/m.test(head),
  async *parse(input, opts): AsyncIterable<ParseItem<CertObservation>> {
    const text = await input.text();
    let items: ReturnType<typeof parseX509Exposition>;
    try {
      items = parseX509Exposition(text, opts.cluster);
    } catch (e) {
      badPayload(e);
    }
    for (const i of items) {
      if (i.ok) yield { ok: true, ref: { line: i.line }, record: i.obs };
      else yield { ok: false, ref: { line: i.line }, reason: i.reason };
    }
  },
});

export const tlsChainFormat: FormatHandler<CertObservation> = registerFormat<CertObservation>({
  ...shared,
  format: "tls-chain",
  description:
    "Chains served by TLS endpoints, as the tls-endpoints connector records them: {collectedAt, endpoints:[{endpoint, chain:[base64 DER], error?}]}",
  sniff: (head) => /^\s*\{\s*"collectedAt"[\s\S]*"endpoints"/.test(head),
  async *parse(input): AsyncIterable<ParseItem<CertObservation>> {
    const text = await input.text();
    let items: ReturnType<typeof parseTlsChains>;
    try {
      items = parseTlsChains(text);
    } catch (e) {
      if (e instanceof TlsChainError) throw new AppError("bad_request", e.message);
      throw e;
    }
    for (const i of items) {
      if (i.ok) yield { ok: true, ref: { index: i.index }, record: i.obs };
      else yield { ok: false, ref: { index: i.index }, reason: i.reason };
    }
  },
});
