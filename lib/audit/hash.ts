import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every depth, so jsonb's own key order cannot change a hash (the audit
 * chain's, and a frozen report's digest in lib/reports/snapshots.ts).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

export interface ChainedFields {
  at: string; // ISO-8601 with milliseconds
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
}

export const GENESIS_HASH = "0".repeat(64);

/** hash(n) = SHA-256(hash(n-1) ‖ canonical event n): changing or removing any event breaks every later link. */
export function eventHash(prevHash: string, e: ChainedFields): string {
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(
      canonicalJson({
        at: e.at,
        actorType: e.actorType,
        actorId: e.actorId,
        actorLabel: e.actorLabel,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        data: e.data,
      }),
    )
    .digest("hex");
}
