import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { appSecret } from "@/lib/config/env";

// Connector secrets (bearer tokens, passwords) are stored AES-256-GCM encrypted with a key derived from
// POSTURE_SECRET, and are never returned by the API or shown in the UI.
const VERSION = "v1";

function key(): Buffer {
  return createHash("sha256").update(`posture:connector-secrets:${appSecret()}`).digest();
}

export function encryptSecrets(secrets: Record<string, string>): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([c.update(JSON.stringify(secrets), "utf8"), c.final()]);
  return [VERSION, iv.toString("base64"), c.getAuthTag().toString("base64"), ct.toString("base64")].join(".");
}

export function decryptSecrets(blob: string | null): Record<string, string> {
  if (!blob) return {};
  const [v, iv, tag, ct] = blob.split(".");
  if (v !== VERSION) throw new Error("unknown secrets format");
  const d = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  d.setAuthTag(Buffer.from(tag, "base64"));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(ct, "base64")), d.final()]).toString("utf8"));
}
