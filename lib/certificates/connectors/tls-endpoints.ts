import "server-only";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import { z } from "zod";
import { checkedConnect } from "@/lib/net/outbound";
import { registerConnector } from "@/lib/sources/connectors";
import type { TlsChainPayload } from "../tls-chain";

const endpoint = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "host:port");
const config = z.object({
  endpoints: z.array(endpoint).min(1).max(1000),
  /** SNI name per endpoint when it differs from the host (e.g. connecting by IP). */
  serverNames: z.record(z.string(), z.string()).default({}),
  timeoutSeconds: z.number().int().min(1).max(120).default(10),
});
export type TlsEndpointsConfig = z.infer<typeof config>;

function splitHostPort(e: string): { host: string; port: number } {
  const i = e.lastIndexOf(":");
  return { host: e.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(e.slice(i + 1)) };
}

const TEST_SAMPLE = 5;

/** The one description of every failed endpoint: closed, filtered and not-TLS ports must look alike. */
export const NO_TLS = "no TLS handshake (closed, filtered, refused by the outbound policy, or not TLS)";

/**
 * Connects and records the chain the endpoint serves, leaf first, without judging it: an expired or
 * untrusted certificate is exactly what Posture wants to see, so verification is off for this read.
 * Goes through the outbound guard; any failure is NO_TLS, so a scan cannot map which ports are open.
 */
export async function servedChain(
  e: string,
  serverName: string | undefined,
  timeoutMs: number,
): Promise<string[]> {
  const { host, port } = splitHostPort(e);
  const sni = serverName ?? (/^[\d.]+$|:/.test(host) ? undefined : host);
  let socket: TLSSocket;
  try {
    socket = (await checkedConnect(host, port, {
      timeoutMs,
      tls: { servername: sni, rejectUnauthorized: false },
    })) as TLSSocket;
  } catch {
    throw new Error(NO_TLS);
  }
  const chain: string[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    chain.push(c.raw.toString("base64"));
    c = c.issuerCertificate;
  }
  socket.on("error", () => {});
  socket.end();
  if (!chain.length) throw new Error(NO_TLS);
  return chain;
}

registerConnector<TlsEndpointsConfig>({
  kind: "tls-endpoints",
  label: "TLS endpoints",
  description: "Connects to host:port endpoints and records the certificate chain each one serves",
  configSchema: config as z.ZodType<TlsEndpointsConfig>,
  secretFields: [],
  fields: [
    {
      key: "endpoints",
      label: "Endpoints",
      type: "list",
      required: true,
      placeholder: "api.example.com:443\n10.0.4.12:8443",
      help: "host:port, one per line (up to 1000). Each run records the chain every endpoint serves.",
    },
    {
      key: "serverNames",
      label: "Server names (SNI)",
      type: "pairs",
      placeholder: "10.0.4.12:8443 = payments.internal",
      help: "endpoint = name, one per line, where the name to ask for differs from the host (e.g. by IP).",
    },
    {
      key: "timeoutSeconds",
      label: "Timeout",
      type: "number",
      unit: "seconds",
      initial: 10,
      help: "Per endpoint.",
    },
  ],
  targets: (c) => c.endpoints.map((e) => splitHostPort(e).host),
  async test(c) {
    // A handful is enough to tell a typo from a working list; every failure reads the same (NO_TLS).
    const sample = c.endpoints.slice(0, TEST_SAMPLE);
    let served = 0;
    for (const e of sample) {
      try {
        await servedChain(e, c.serverNames[e], c.timeoutSeconds * 1000);
        served++;
      } catch {
        // counted below
      }
    }
    const of = c.endpoints.length > sample.length ? ` (the first ${sample.length} tried)` : "";
    return served === sample.length
      ? { ok: true, message: `TLS handshake with ${served} of ${sample.length} endpoints${of}` }
      : {
          ok: false,
          message: `TLS handshake with ${served} of ${sample.length} endpoints${of}; the others: ${NO_TLS}`,
        };
  },
  async pull(source, now) {
    if (!source.cluster)
      throw new Error("set the source's cluster: the endpoints' certificates are filed under it");
    const c = source.config;
    const results: TlsChainPayload["endpoints"] = [];
    for (const e of c.endpoints) {
      try {
        results.push({ endpoint: e, chain: await servedChain(e, c.serverNames[e], c.timeoutSeconds * 1000) });
      } catch {
        results.push({ endpoint: e, chain: [], error: NO_TLS });
      }
    }
    const body: TlsChainPayload = { collectedAt: now.toISOString(), endpoints: results };
    return [
      {
        kind: "certificates",
        format: "tls-chain",
        cluster: source.cluster,
        body: JSON.stringify(body),
        contentType: "application/json",
      },
    ];
  },
});
