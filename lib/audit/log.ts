import "server-only";
import type { Sql, TxState } from "@/lib/db/sql";
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

interface Pending {
  fields: ChainedFields;
}

// Events of each open transaction, appended to the chain just before it commits.
const pendingOf = new WeakMap<TxState, Pending[]>();

/**
 * Records one event for the hash chain, in the transaction that makes the change (the Sql handed out by
 * withPgTransaction / withPrismaTransaction); anything else is a programming error and throws. The event
 * is appended just before that transaction commits, so the chain lock is the last lock every writer
 * takes and is held only for the append: no lock taken after it can close a deadlock cycle
 * (ARCHITECTURE.md, "Lock order"), and a rolled-back change leaves no event behind.
 */
export async function audit(sql: Sql, actor: Actor, input: AuditInput): Promise<void> {
  const tx = sql.tx;
  if (!tx) {
    throw new Error(
      `audit("${input.action}") outside a transaction: run the change and its audit in withPgTransaction or withPrismaTransaction`,
    );
  }
  let pending = pendingOf.get(tx);
  if (!pending) {
    const list: Pending[] = [];
    pending = list;
    pendingOf.set(tx, list);
    tx.beforeCommit.push(() => appendToChain(sql, list));
  }
  pending.push({
    fields: {
      at: new Date().toISOString(),
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      // A snapshot now: the caller may change its objects before the transaction ends.
      data: JSON.parse(JSON.stringify(input.data ?? {})),
    },
  });
}

async function appendToChain(sql: Sql, events: Pending[]): Promise<void> {
  if (events.length === 0) return;
  await sql.query("SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)", [CHAIN_LOCK]);
  const last = await sql.query<{ hash: string }>(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const rows: (string | null)[][] = [];
  for (const { fields } of events) {
    const hash = eventHash(prevHash, fields);
    rows.push([
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
    ]);
    prevHash = hash;
  }
  // One statement; unnest keeps the array order, so ids follow the chain.
  const col = (i: number) => rows.map((r) => r[i]);
  await sql.query(
    `INSERT INTO audit_event (at, "actorType", "actorId", "actorLabel", action, "targetType", "targetId", data, "prevHash", hash)
     SELECT a::timestamptz, b, c, d, e, f, g, h::jsonb, i, j
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         WITH ORDINALITY AS x(a, b, c, d, e, f, g, h, i, j, n)
      ORDER BY n`,
    [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8), col(9)],
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
    const rows = await sql.query<
      Omit<ChainedFields, "at"> & { id: number | string; at: Date; prevHash: string; hash: string }
    >(`SELECT * FROM audit_event WHERE id > $1 ORDER BY id LIMIT $2`, [lastId, pageSize]);
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      const id = Number(r.id);
      if (r.prevHash !== prevHash) {
        return {
          ok: false,
          count,
          brokenAt: { id, reason: "prevHash does not match the previous event's hash" },
        };
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
