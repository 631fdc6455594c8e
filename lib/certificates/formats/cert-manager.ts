import { z } from "zod";
import { NO_CLUSTER_HELP } from "@/lib/ingest/no-cluster";
import { parseGoDuration } from "../duration";
import type { CertObservation } from "../observation";

export class CertManagerPayloadError extends Error {}

export type CertManagerItem =
  | { ok: true; obs: CertObservation; index: number }
  | { ok: false; index: number; reason: string };

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an RFC 3339 time");
const duration = z.string().refine((s) => parseGoDuration(s) !== null, "not a Go duration (e.g. 720h0m0s)");

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

const certificate = z.object({
  // API server list responses omit kind/apiVersion on items; anything that names another kind is refused.
  kind: z.literal("Certificate", { error: 'kind must be "Certificate"' }).optional(),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1) }),
  spec: z.object({
    secretName: z.string().optional(),
    commonName: z.string().optional(),
    duration: duration.optional(),
    renewBefore: duration.optional(),
    renewBeforePercentage: z.number().int().min(0).max(100).optional(),
    dnsNames: z.array(z.string()).optional(),
    uris: z.array(z.string()).optional(),
    ipAddresses: z.array(z.string()).optional(),
    emailAddresses: z.array(z.string()).optional(),
    isCA: z.boolean().optional(),
    issuerRef: z.object({ name: z.string(), kind: z.string().optional(), group: z.string().optional() }),
    privateKey: z.object({ algorithm: z.string().optional(), size: z.number().int().optional() }).optional(),
  }),
  status: z
    .object({
      notBefore: time.optional(),
      notAfter: time.optional(),
      renewalTime: time.optional(),
      revision: z.number().int().nonnegative().optional(),
      conditions: z.array(condition).optional(),
      failedIssuanceAttempts: z.number().int().optional(),
      lastFailureTime: time.optional(),
    })
    .optional(),
});

const envelope = z.object({
  // Without one, the request's cluster applies (?cluster=, else the token's or source's default).
  cluster: z.string().min(1).optional(),
  collectedAt: time.optional(),
  source: z.string().optional(),
  payload: z.unknown(),
});

function isEnvelope(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && "payload" in v && ("cluster" in v || "collectedAt" in v);
}

function itemsOf(list: unknown): unknown[] | null {
  if (!list || typeof list !== "object") return null;
  const o = list as Record<string, unknown>;
  if (Array.isArray(o.items) && (o.kind === "List" || o.kind === "CertificateList" || !o.kind))
    return o.items;
  if (o.kind === "Certificate") return [o];
  return null;
}

// cert-manager's documented defaults: 90 days lifetime, RSA 2048 keys.
const DEFAULT_KEY: Record<string, number> = { RSA: 2048, ECDSA: 256, Ed25519: 256 };

/**
 * `kubectl get certificates -A -o json` output: a List, raw or inside the envelope
 * {cluster, collectedAt, source, payload}, or an array of such envelopes (several snapshots). Each
 * Certificate is one record (index = its position across the whole payload); a broken one is a
 * per-record rejection. Throws CertManagerPayloadError when the payload is not JSON or not this shape.
 */
export function parseCertManager(text: string, defaultCluster: string | null): CertManagerItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CertManagerPayloadError(`The body is not valid JSON: ${(e as Error).message}`);
  }
  const snapshots: { cluster: string | null; collectedAt: Date | null; items: unknown[] }[] = [];
  const docs = Array.isArray(doc) && doc.length > 0 && doc.every(isEnvelope) ? doc : [doc];
  for (const [i, d] of docs.entries()) {
    if (isEnvelope(d)) {
      const env = envelope.safeParse(d);
      if (!env.success) {
        throw new CertManagerPayloadError(
          `envelope ${i}: ${env.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`,
        );
      }
      const items = itemsOf(env.data.payload);
      if (!items)
        throw new CertManagerPayloadError(
          `envelope ${i}: payload is not a List of cert-manager Certificates`,
        );
      snapshots.push({
        cluster: env.data.cluster ?? null,
        collectedAt: env.data.collectedAt ? new Date(env.data.collectedAt) : null,
        items,
      });
    } else {
      const items = Array.isArray(d) ? d : itemsOf(d);
      if (!items) {
        throw new CertManagerPayloadError(
          'Expected a List of cert-manager Certificates ({"kind":"List","items":[…]}), one Certificate, or the envelope {cluster, collectedAt, source, payload}',
        );
      }
      snapshots.push({ cluster: null, collectedAt: null, items });
    }
  }
  const out: CertManagerItem[] = [];
  let index = 0;
  for (const snap of snapshots) {
    const cluster = snap.cluster ?? defaultCluster;
    if (!cluster) {
      throw new CertManagerPayloadError(`No cluster: kubectl output names none; ${NO_CLUSTER_HELP}`);
    }
    for (const raw of snap.items) out.push(item(raw, index++, cluster, snap.collectedAt));
  }
  return out;
}

function item(raw: unknown, index: number, cluster: string, collectedAt: Date | null): CertManagerItem {
  const p = certificate.safeParse(raw);
  if (!p.success) {
    return {
      ok: false,
      index,
      reason: p.error.issues.map((x) => `${x.path.join(".") || "(item)"}: ${x.message}`).join("; "),
    };
  }
  const c = p.data;
  const st = c.status;
  const id = `${c.metadata.namespace}/${c.metadata.name}`;
  if (!st?.notAfter || !st.notBefore) {
    return {
      ok: false,
      index,
      reason: `${id}: not issued yet (status.notBefore/notAfter missing); nothing to track`,
    };
  }
  const notBefore = new Date(st.notBefore);
  const notAfter = new Date(st.notAfter);
  if (notAfter <= notBefore)
    return { ok: false, index, reason: `${id}: status.notAfter is not after status.notBefore` };
  const lifetime = (notAfter.getTime() - notBefore.getTime()) / 1000;
  let renewBeforeSeconds = c.spec.renewBefore ? parseGoDuration(c.spec.renewBefore) : null;
  if (renewBeforeSeconds === null && c.spec.renewBeforePercentage !== undefined) {
    renewBeforeSeconds = (lifetime * c.spec.renewBeforePercentage) / 100;
  }
  const ready = st.conditions?.find((x) => x.type === "Ready");
  const issuing = st.conditions?.find((x) => x.type === "Issuing");
  const sans = [
    ...(c.spec.dnsNames ?? []).map((s) => `DNS:${s}`),
    ...(c.spec.uris ?? []).map((s) => `URI:${s}`),
    ...(c.spec.ipAddresses ?? []).map((s) => `IP:${s}`),
    ...(c.spec.emailAddresses ?? []).map((s) => `email:${s}`),
  ];
  const alg = c.spec.privateKey?.algorithm ?? "RSA";
  const issuerKind = c.spec.issuerRef.kind ?? "Issuer";
  return {
    ok: true,
    index,
    obs: {
      source: "cert-manager",
      cluster,
      namespace: c.metadata.namespace,
      name: c.metadata.name,
      observedAt: collectedAt,
      where: `cert-manager Certificate ${id}${c.spec.secretName ? ` (secret ${c.spec.secretName})` : ""}`,
      lineageKind: "cert-manager",
      lineageIdentity: id,
      versionKey: st.revision !== undefined ? `rev:${st.revision}` : `nb:${notBefore.toISOString()}`,
      revision: st.revision ?? null,
      fingerprintSha256: null,
      serial: null,
      subject: c.spec.commonName ? `CN=${c.spec.commonName}` : "",
      issuer: `${issuerKind}/${c.spec.issuerRef.name}`,
      sans,
      spiffeId: c.spec.uris?.find((u) => u.startsWith("spiffe://")) ?? null,
      notBefore,
      notAfter,
      renewalTime: st.renewalTime ? new Date(st.renewalTime) : null,
      renewBeforeSeconds,
      keyAlgorithm: alg,
      keySize: c.spec.privateKey?.size ?? DEFAULT_KEY[alg] ?? null,
      signatureAlgorithm: null,
      isCA: c.spec.isCA ?? false,
      reportedExpired: ready?.status === "False" && ready.reason === "Expired",
      certManager: {
        secretName: c.spec.secretName ?? null,
        issuerRef: { name: c.spec.issuerRef.name, kind: issuerKind, group: c.spec.issuerRef.group ?? null },
        duration: c.spec.duration ?? null,
        renewBefore: c.spec.renewBefore ?? null,
        ready: ready
          ? ((["True", "False"].includes(ready.status) ? ready.status : "Unknown") as
              | "True"
              | "False"
              | "Unknown")
          : null,
        readyReason: ready?.reason ?? null,
        readyMessage: ready?.message ?? null,
        issuing: issuing?.status === "True",
        failedIssuanceAttempts: st.failedIssuanceAttempts ?? null,
        lastFailureTime: st.lastFailureTime ?? null,
        conditions: st.conditions ?? [],
      },
      x509: null,
      x509Der: null,
    },
  };
}
