import { z } from "zod";
import { type CertObservation, fromX509 } from "./observation";
import { CertificateError, parseCertificateDer } from "./x509";

/**
 * The tls-endpoints connector's payload: per endpoint, the chain it served (base64 DER, leaf first) or
 * the error that stopped it. Each certificate of a chain is one record; a failed endpoint is one
 * per-record rejection, so a run with one unreachable host still stores the others.
 */
export const tlsChainPayload = z.object({
  collectedAt: z.string().datetime(),
  endpoints: z.array(
    z.object({
      endpoint: z.string().min(1),
      chain: z.array(z.string()).default([]),
      error: z.string().optional(),
    }),
  ),
});
export type TlsChainPayload = z.infer<typeof tlsChainPayload>;

export class TlsChainError extends Error {}

export type TlsChainItem =
  | { ok: true; obs: CertObservation; index: number }
  | { ok: false; index: number; reason: string };

export function parseTlsChains(text: string): TlsChainItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TlsChainError(`The body is not valid JSON: ${(e as Error).message}`);
  }
  const p = tlsChainPayload.safeParse(doc);
  if (!p.success)
    throw new TlsChainError(
      `Not a tls-chain payload: ${p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const at = new Date(p.data.collectedAt);
  const out: TlsChainItem[] = [];
  let index = 0;
  for (const e of p.data.endpoints) {
    if (e.error || e.chain.length === 0) {
      out.push({ ok: false, index: index++, reason: `${e.endpoint}: ${e.error ?? "no certificate served"}` });
      continue;
    }
    for (const [pos, b64] of e.chain.entries()) {
      try {
        const der = Buffer.from(b64, "base64");
        const cert = parseCertificateDer(der);
        const where = `tls ${e.endpoint}${pos === 0 ? "" : ` (chain ${pos})`}`;
        out.push({
          ok: true,
          index: index++,
          obs: fromX509(cert, der, {
            source: "tls",
            name: pos === 0 ? e.endpoint : null,
            where,
            observedAt: at,
          }),
        });
      } catch (err) {
        out.push({
          ok: false,
          index: index++,
          reason: `${e.endpoint} chain ${pos}: ${err instanceof CertificateError ? err.message : String(err)}`,
        });
      }
    }
  }
  return out;
}
