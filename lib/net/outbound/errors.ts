// The failures of an outbound connection, as fixed texts: safe to store and show, never the peer's bytes.
import http from "node:http";

export type OutboundReason =
  | "forbidden-address"
  | "not-allowed"
  | "bad-config"
  | "dns"
  | "connect"
  | "tls"
  | "redirect"
  | "too-large";

const DESCRIPTION: Record<OutboundReason, string> = {
  "forbidden-address": "refused: link-local or cloud metadata address",
  "not-allowed": "refused: not in POSTURE_OUTBOUND_ALLOW",
  "bad-config": "refused: POSTURE_OUTBOUND_ALLOW is not valid",
  dns: "the host name does not resolve",
  connect: "no answer (connection refused, unreachable, timed out or not the expected protocol)",
  tls: "TLS: the server's certificate is not trusted",
  redirect: "redirected to another host (not followed)",
  "too-large": "the response is too large",
};

/** An outbound request that failed; `message` is safe to store and show (it holds no peer bytes). */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundReason,
    /** A fixed token that refines the reason (e.g. a TLS error code); never text from the peer. */
    readonly code?: string,
  ) {
    super(code ? `${DESCRIPTION[reason]} (${code})` : DESCRIPTION[reason]);
    this.name = "OutboundError";
  }
}

const TLS_TRUST_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Maps a socket/TLS error to the fixed vocabulary (a TLS trust failure keeps Node's error code). */
export function asOutboundError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string" && TLS_TRUST_CODES.has(code)) return new OutboundError("tls", code);
  return new OutboundError("connect");
}

/** "HTTP 404 Not Found": the status and its standard reason phrase, never the body. */
export function httpError(status: number): string {
  return `HTTP ${status} ${http.STATUS_CODES[status] ?? ""}`.trim();
}
