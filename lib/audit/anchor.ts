import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";
import type { Sql } from "@/lib/db/sql";

/**
 * Anchors for the audit chain's head, kept outside the database. The chain shows any event changed or
 * removed in the middle, but a deleted tail leaves a shorter chain that still verifies. So the head
 * (latest id and hash) is appended, signed with an HMAC key, to a file the database cannot reach; verify
 * then checks that every anchored event is still there with the same hash. Put the file on storage the
 * database's administrators cannot rewrite (another volume, a host whose log ships elsewhere).
 */

export interface Anchor {
  id: number;
  hash: string;
  at: string;
  mac: string;
}

export function anchorFile(): string {
  return path.resolve(
    env().POSTURE_AUDIT_ANCHOR_FILE ?? path.join(env().POSTURE_DATA_DIR, "audit-anchors.log"),
  );
}

/** POSTURE_AUDIT_ANCHOR_KEY, else a key derived from POSTURE_SECRET; null when neither is set. */
function anchorKey(): Buffer | null {
  const k = env().POSTURE_AUDIT_ANCHOR_KEY;
  if (k) return Buffer.from(k, "utf8");
  const secret = env().POSTURE_SECRET;
  return secret ? createHmac("sha256", secret).update("posture audit anchor key").digest() : null;
}

const macOf = (key: Buffer, a: { id: number; hash: string; at: string }) =>
  createHmac("sha256", key).update(`${a.id}\n${a.hash}\n${a.at}`).digest("hex");

function readAnchors(file: string): { line: number; text: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text);
}

/** Appends the current head when it moved since the last anchor. Returns the anchor written, if any. */
export async function recordAnchor(sql: Sql, now = new Date()): Promise<Anchor | null> {
  const key = anchorKey();
  if (!key) throw new Error("no key for audit anchors: set POSTURE_AUDIT_ANCHOR_KEY or POSTURE_SECRET");
  const head = await sql.query<{ id: number; hash: string }>(
    `SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1`,
  );
  if (!head[0]) return null;
  const file = anchorFile();
  const lines = readAnchors(file);
  const last = lines.length ? (JSON.parse(lines[lines.length - 1].text) as Partial<Anchor>) : null;
  const id = Number(head[0].id);
  if (last && last.id === id && last.hash === head[0].hash) return null;
  const a = { id, hash: head[0].hash, at: now.toISOString() };
  const anchor: Anchor = { ...a, mac: macOf(key, a) };
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

export interface AnchorCheck {
  ok: boolean;
  /** Anchors read and checked against the chain. */
  checked: number;
  /** The latest anchor, when there is one. */
  latest: Anchor | null;
  problems: string[];
  file: string;
}

/**
 * Checks the chain against every anchor: its signature, and that the anchored event still exists with
 * the anchored hash. A chain that ends before an anchored id lost its tail.
 */
export async function verifyAnchors(sql: Sql): Promise<AnchorCheck> {
  const file = anchorFile();
  const key = anchorKey();
  const out: AnchorCheck = { ok: true, checked: 0, latest: null, problems: [], file };
  const problem = (p: string) => {
    out.ok = false;
    if (out.problems.length < 20) out.problems.push(p);
  };
  if (!key) {
    problem("no key to check anchors with: set POSTURE_AUDIT_ANCHOR_KEY or POSTURE_SECRET");
    return out;
  }
  const anchors: (Anchor & { line: number })[] = [];
  for (const { line, text } of readAnchors(file)) {
    let a: Partial<Anchor>;
    try {
      a = JSON.parse(text);
    } catch {
      problem(`${file} line ${line}: not a JSON anchor`);
      continue;
    }
    if (
      typeof a.id !== "number" ||
      typeof a.hash !== "string" ||
      typeof a.at !== "string" ||
      typeof a.mac !== "string"
    ) {
      problem(`${file} line ${line}: id, hash, at and mac are required`);
      continue;
    }
    const expected = Buffer.from(macOf(key, { id: a.id, hash: a.hash, at: a.at }), "hex");
    const given = Buffer.from(a.mac, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      problem(`${file} line ${line}: signature does not match (edited, or written with another key)`);
      continue;
    }
    anchors.push({ ...(a as Anchor), line });
  }
  if (anchors.length === 0) return out;
  out.latest = anchors[anchors.length - 1];
  const rows = await sql.query<{ id: number; hash: string }>(
    `SELECT id, hash FROM audit_event WHERE id = ANY($1::bigint[])`,
    [anchors.map((a) => a.id)],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r.hash]));
  const head = await sql.query<{ id: number | null }>(`SELECT max(id) AS id FROM audit_event`);
  const headId = head[0]?.id === null || head[0]?.id === undefined ? 0 : Number(head[0].id);
  for (const a of anchors) {
    out.checked++;
    const hash = byId.get(a.id);
    if (hash === a.hash) continue;
    if (hash === undefined && a.id > headId) {
      problem(
        `tail deleted: the chain ends at event ${headId}, but event ${a.id} (hash ${a.hash.slice(0, 16)}…) was anchored at ${a.at}`,
      );
    } else if (hash === undefined) {
      problem(`event ${a.id}, anchored at ${a.at}, is missing from the chain`);
    } else {
      problem(`event ${a.id} does not match its anchor of ${a.at} (the chain was rewritten from there)`);
    }
  }
  return out;
}
