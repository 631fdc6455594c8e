import "server-only";
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import { env } from "@/lib/config/env";
import { checkedFetch, httpError, OutboundError } from "@/lib/net/outbound";
import type { RenderedMessage } from "./render";
import type { ChannelKind } from "./schema";

export interface Destination {
  kind: ChannelKind;
  url?: string;
  to?: string[];
  /** HMAC key of a generic webhook. */
  secret?: string;
}

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface SendResult {
  ok: boolean;
  httpStatus?: number;
  /** A fixed description and the status; never the receiver's response body. */
  error?: string;
}

const TIMEOUT_MS = 10_000;

/** `sha256=<hex HMAC-SHA256 of the raw body>` — what a receiver recomputes to trust a webhook. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

async function postJson(dest: Destination, body: unknown): Promise<SendResult> {
  if (!dest.url) return { ok: false, error: "channel has no URL" };
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "posture-notifications/1",
  };
  if (dest.kind === "webhook" && dest.secret) headers["x-posture-signature"] = signature(dest.secret, raw);
  try {
    // The address policy of every outbound connection (allow-list, no link-local or metadata targets,
    // the checked address pinned); redirects are not followed at all, so a signed body never moves.
    const res = await checkedFetch(dest.url, {
      method: "POST",
      headers,
      body: raw,
      timeoutMs: TIMEOUT_MS,
      maxRedirects: 0,
      // The receiver's answer is never stored or shown; read at most a little of it.
      maxBytes: 64 * 1024,
    });
    if (res.ok) return { ok: true, httpStatus: res.status };
    return { ok: false, httpStatus: res.status, error: `receiver answered ${httpError(res.status)}` };
  } catch (e) {
    return { ok: false, error: describeNetworkError(e) };
  }
}

/** Fixed descriptions only: no response text, no internal addresses beyond what the admin configured. */
export function describeNetworkError(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string }; message?: string };
  if (e instanceof OutboundError) return e.message;
  const code = err?.code ?? err?.cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name could not be resolved";
    case "ECONNRESET":
      return "connection reset";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return "TLS certificate not trusted";
    default:
      return "could not deliver (network error)";
  }
}

async function sendMail(
  dest: Destination,
  msg: RenderedMessage,
  attachments: Attachment[],
): Promise<SendResult> {
  const { POSTURE_SMTP_URL, POSTURE_SMTP_FROM } = env();
  if (!POSTURE_SMTP_URL) return { ok: false, error: "e-mail is not configured (POSTURE_SMTP_URL)" };
  if (!dest.to?.length) return { ok: false, error: "channel has no recipients" };
  const url = new URL(POSTURE_SMTP_URL);
  url.searchParams.set("connectionTimeout", String(TIMEOUT_MS));
  url.searchParams.set("greetingTimeout", String(TIMEOUT_MS));
  url.searchParams.set("socketTimeout", "30000");
  const transport = nodemailer.createTransport(url.toString());
  try {
    await transport.sendMail({
      from: POSTURE_SMTP_FROM,
      to: dest.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      attachments,
    });
    return { ok: true };
  } catch (e) {
    const err = e as { responseCode?: number; code?: string };
    if (err.responseCode) return { ok: false, error: `SMTP server answered ${err.responseCode}` };
    return {
      ok: false,
      error: err.code === "EAUTH" ? "SMTP authentication failed" : describeNetworkError(e),
    };
  } finally {
    transport.close();
  }
}

export async function deliver(
  dest: Destination,
  msg: RenderedMessage,
  attachments: Attachment[] = [],
): Promise<SendResult> {
  if (dest.kind === "email") return sendMail(dest, msg, attachments);
  return postJson(dest, msg.json);
}
