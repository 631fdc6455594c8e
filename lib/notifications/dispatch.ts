import "server-only";
import { baseUrl } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { SEVERITY_SQL_ORDER } from "@/lib/severity";
import { decryptSecrets } from "@/lib/sources/secrets";
import { scanEvents } from "./events";
import { type EventForMatch, type RuleForMatch, ruleMatches } from "./matching";
import { type EventForMessage, renderMessage } from "./render";
import type { ChannelKind } from "./schema";
import { type Attachment, deliver, type SendResult } from "./transports";

// Delivery you can trust: events fan out into one delivery per event × rule × channel (unique, so never
// twice); whatever waits for a channel is sent as one message (one event, or a digest of a burst); a
// failed message is retried with back-off and every attempt is logged; a channel receives at most
// ratePerMinute messages a minute, and what waits meanwhile joins the next digest. A lease on the channel
// row keeps two workers from sending to the same channel at once.

/** Retry delays after the 1st, 2nd… failed attempt; after the last one the message is marked failed. */
export const BACKOFF_SECONDS = [30, 120, 600, 1800, 7200];
const LEASE_SECONDS = 120;
/** Events in one digest at most (the message lists the first ones and counts the rest). */
const DIGEST_MAX_EVENTS = 500;
// Only one worker scans and fans out at a time (a transaction-scoped advisory lock, PgBouncer-safe).
const SCAN_LOCK = 72707371;

export async function scanAndFanOut(now = new Date()): Promise<{ events: number; deliveries: number }> {
  return withPgTransaction(pool(), async (_c, sql) => {
    const got = await sql.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS ok`, [
      SCAN_LOCK,
    ]);
    if (!got[0]?.ok) return { events: 0, deliveries: 0 };
    const events = await scanEvents(sql, now);
    const deliveries = await fanOut(sql);
    return { events, deliveries };
  });
}

interface EventRow extends EventForMatch {
  id: string;
}

async function fanOut(sql: Sql): Promise<number> {
  const events = await sql.query<EventRow>(
    `SELECT id, type, severity, cluster, namespace, data, "occurredAt", "createdAt"
       FROM notification_event WHERE "dispatchedAt" IS NULL ORDER BY "createdAt" LIMIT 5000`,
  );
  if (!events.length) return 0;
  const rules = await sql.query<RuleForMatch>(
    `SELECT r.id, r.events, r."channelIds", r.clusters, r.namespaces, r."minSeverity", r."daysAhead", r.enabled,
            r."createdAt"
       FROM notification_rule r WHERE r.enabled`,
  );
  const eventIds: string[] = [];
  const ruleIds: string[] = [];
  const channelIds: string[] = [];
  for (const e of events) {
    for (const r of rules) {
      if (!ruleMatches(r, { ...e, occurredAt: new Date(e.occurredAt), createdAt: new Date(e.createdAt) }))
        continue;
      for (const c of r.channelIds) {
        eventIds.push(e.id);
        ruleIds.push(r.id);
        channelIds.push(c);
      }
    }
  }
  let n = 0;
  if (eventIds.length) {
    const rows = await sql.query(
      `INSERT INTO notification_delivery ("eventId", "ruleId", "channelId")
       SELECT d.e, d.r, d.c FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS d(e, r, c)
         JOIN notification_channel ch ON ch.id = d.c AND ch.enabled
       ON CONFLICT DO NOTHING RETURNING 1`,
      [eventIds, ruleIds, channelIds],
    );
    n = rows.length;
  }
  await sql.query(`UPDATE notification_event SET "dispatchedAt" = now() WHERE id = ANY($1::uuid[])`, [
    events.map((e) => e.id),
  ]);
  return n;
}

interface ChannelRow {
  id: string;
  name: string;
  kind: ChannelKind;
  config: { url?: string; to?: string[] };
  secretEnc: string | null;
  ratePerMinute: number;
}

async function takeLease(channelId: string): Promise<ChannelRow | null> {
  const rows = await sqlOfPg(pool()).query<ChannelRow>(
    `UPDATE notification_channel SET "leaseUntil" = now() + make_interval(secs => $2)
      WHERE id = $1 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      RETURNING id, name, kind, config, "secretEnc", "ratePerMinute"`,
    [channelId, LEASE_SECONDS],
  );
  return rows[0] ?? null;
}

async function releaseLease(channelId: string): Promise<void> {
  await sqlOfPg(pool()).query(`UPDATE notification_channel SET "leaseUntil" = NULL WHERE id = $1`, [
    channelId,
  ]);
}

async function messageEvents(sql: Sql, messageId: string): Promise<EventForMessage[]> {
  return sql.query<EventForMessage>(
    `SELECT e.id, e.type, e.severity, e.cluster, e.namespace, e.title, e.detail, e.path, e."occurredAt"
       FROM notification_message_event me JOIN notification_event e ON e.id = me."eventId"
      WHERE me."messageId" = $1
      ORDER BY array_position(${SEVERITY_SQL_ORDER}, e.severity), e."occurredAt"`,
    [messageId],
  );
}

/** Groups what waits for the channel into one message (in one transaction with the deliveries). */
async function composeMessage(channelId: string): Promise<string | null> {
  return withPgTransaction(pool(), async (_c, sql) => {
    const waiting = await sql.query<{ id: string; eventId: string }>(
      `SELECT id, "eventId" FROM notification_delivery
        WHERE "channelId" = $1 AND "messageId" IS NULL ORDER BY "createdAt" LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [channelId, DIGEST_MAX_EVENTS * 4],
    );
    if (!waiting.length) return null;
    const eventIds = [...new Set(waiting.map((w) => w.eventId))].slice(0, DIGEST_MAX_EVENTS);
    const chosen = waiting.filter((w) => eventIds.includes(w.eventId));
    const msg = await sql.query<{ id: string }>(
      `INSERT INTO notification_message ("channelId", kind, subject, "eventCount", status, "nextAttemptAt")
       VALUES ($1, $2, '', $3, 'pending', now()) RETURNING id`,
      [channelId, eventIds.length > 1 ? "digest" : "event", eventIds.length],
    );
    const id = msg[0].id;
    await sql.query(
      `INSERT INTO notification_message_event ("messageId", "eventId") SELECT $1, unnest($2::uuid[])`,
      [id, eventIds],
    );
    await sql.query(`UPDATE notification_delivery SET "messageId" = $1 WHERE id = ANY($2::uuid[])`, [
      id,
      chosen.map((w) => w.id),
    ]);
    return id;
  });
}

async function recentAttempts(channelId: string): Promise<number> {
  const rows = await sqlOfPg(pool()).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_attempt a JOIN notification_message m ON m.id = a."messageId"
      WHERE m."channelId" = $1 AND a.at > now() - interval '60 seconds'`,
    [channelId],
  );
  return rows[0]?.n ?? 0;
}

function destination(ch: ChannelRow) {
  const secrets = decryptSecrets(ch.secretEnc);
  return { kind: ch.kind, url: secrets.url ?? ch.config.url, to: ch.config.to, secret: secrets.secret };
}

/** Sends one message and records the attempt; returns the outcome. */
export async function sendMessage(
  ch: ChannelRow,
  messageId: string,
  attachments: Attachment[] = [],
): Promise<SendResult> {
  const sql = sqlOfPg(pool());
  const events = await messageEvents(sql, messageId);
  const rendered = renderMessage(ch.kind, events, baseUrl());
  const t0 = Date.now();
  let result: SendResult;
  try {
    result = events.length ? await deliver(destination(ch), rendered, attachments) : { ok: true };
  } catch {
    result = { ok: false, error: "could not deliver (unexpected error)" };
  }
  const ms = Date.now() - t0;
  await withPgTransaction(pool(), async (_c, tx) => {
    await tx.query(
      `INSERT INTO notification_attempt ("messageId", ok, "httpStatus", error, "durationMs") VALUES ($1, $2, $3, $4, $5)`,
      [messageId, result.ok, result.httpStatus ?? null, result.error ?? null, ms],
    );
    const m = await tx.query<{ attempts: number }>(
      `UPDATE notification_message SET attempts = attempts + 1, subject = $2 WHERE id = $1 RETURNING attempts`,
      [messageId, rendered.subject.slice(0, 300)],
    );
    const attempts = m[0]?.attempts ?? 1;
    if (result.ok) {
      await tx.query(
        `UPDATE notification_message SET status = 'sent', "sentAt" = now(), "lastError" = NULL WHERE id = $1`,
        [messageId],
      );
    } else {
      const delay = BACKOFF_SECONDS[attempts - 1];
      await tx.query(
        `UPDATE notification_message SET status = $2, "lastError" = $3,
                "nextAttemptAt" = now() + make_interval(secs => $4) WHERE id = $1`,
        [messageId, delay === undefined ? "failed" : "retrying", result.error ?? "failed", delay ?? 0],
      );
    }
  });
  return result;
}

/** Works one channel: due retries first, then what waits, within the channel's rate. */
async function workChannel(channelId: string): Promise<number> {
  const ch = await takeLease(channelId);
  if (!ch) return 0;
  let sent = 0;
  try {
    let budget = ch.ratePerMinute - (await recentAttempts(ch.id));
    const due = await sqlOfPg(pool()).query<{ id: string }>(
      `SELECT id FROM notification_message
        WHERE "channelId" = $1 AND status IN ('pending', 'retrying') AND "nextAttemptAt" <= now()
        ORDER BY "nextAttemptAt" LIMIT 50`,
      [ch.id],
    );
    for (const m of due) {
      if (budget <= 0) return sent;
      await sendMessage(ch, m.id);
      budget--;
      sent++;
    }
    if (budget > 0) {
      const id = await composeMessage(ch.id);
      if (id) {
        await sendMessage(ch, id);
        sent++;
      }
    }
  } finally {
    await releaseLease(ch.id);
  }
  return sent;
}

/** One pass of the worker: notice events, fan them out, send. */
export async function runNotifications(
  now = new Date(),
): Promise<{ events: number; deliveries: number; sent: number }> {
  const { events, deliveries } = await scanAndFanOut(now);
  const channels = await sqlOfPg(pool()).query<{ id: string }>(
    `SELECT DISTINCT c.id FROM notification_channel c
      WHERE c.enabled AND (
        EXISTS (SELECT 1 FROM notification_delivery d WHERE d."channelId" = c.id AND d."messageId" IS NULL)
        OR EXISTS (SELECT 1 FROM notification_message m WHERE m."channelId" = c.id
                    AND m.status IN ('pending', 'retrying') AND m."nextAttemptAt" <= now()))`,
  );
  let sent = 0;
  for (const c of channels) sent += await workChannel(c.id);
  return { events, deliveries, sent };
}
