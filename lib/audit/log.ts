import "server-only";
import type { Sql } from "@/lib/db/sql";
import { type ChainedFields, eventHash, GENESIS_HASH } from "./hash";

export interface Actor {
  type: "user" | "token" | "system";
  id: string | null;
  label: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "posture" };

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

// Serialises appends so two transactions never chain onto the same previous event.
const CHAIN_LOCK = 72707370;

/** Appends one event to the hash chain. Call it with the transaction that makes the change. */
export async function audit(sql: Sql, actor: Actor, input: AuditInput): Promise<void> {
  await sql.query("SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)", [CHAIN_LOCK]);
  const last = await sql.query<{ hash: string }>(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const fields: ChainedFields = {
    at: new Date().toISOString(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    data: JSON.parse(JSON.stringify(input.data ?? {})),
  };
  const hash = eventHash(prevHash, fields);
  await sql.query(
    `INSERT INTO audit_event (at, "actorType", "actorId", "actorLabel", action, "targetType", "targetId", data, "prevHash", hash)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [
      fields.at,
      fields.actorType,
      fields.actorId,
      fields.actorLabel,
      fields.action,
      fields.targetType,
      fields.targetId,
      JSON.stringify(fields.data),
      prevHash,
      hash,
    ],
  );
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  brokenAt?: { id: number; reason: string };
}

/** Walks the chain in order and reports the first event whose link or content does not check out. */
export async function verifyChain(sql: Sql, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await sql.query<{
      id: number | string;
      at: Date;
      actorType: string;
      actorId: string | null;
      actorLabel: string | null;
      action: string;
      targetType: string | null;
      targetId: string | null;
      data: unknown;
      prevHash: string;
      hash: string;
    }>(`SELECT * FROM audit_event WHERE id > $1 ORDER BY id LIMIT $2`, [lastId, pageSize]);
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      const id = Number(r.id);
      if (r.prevHash !== prevHash) {
        return { ok: false, count, brokenAt: { id, reason: "prevHash does not match the previous event's hash" } };
      }
      const expected = eventHash(prevHash, {
        at: new Date(r.at).toISOString(),
        actorType: r.actorType,
        actorId: r.actorId,
        actorLabel: r.actorLabel,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        data: r.data,
      });
      if (expected !== r.hash) {
        return { ok: false, count, brokenAt: { id, reason: "content does not match its hash" } };
      }
      prevHash = r.hash;
      lastId = id;
      count++;
    }
  }
}
