import "server-only";
import { isIP } from "node:net";
import type { z } from "zod";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { isForbiddenAddress } from "@/lib/net/outbound";
import { encryptSecrets } from "@/lib/sources/secrets";
import {
  type ChannelInput,
  channelInput,
  type channelPatch,
  type ReportMailInput,
  type RuleInput,
  reportMailInput,
  ruleInput,
  rulePatch,
} from "./schema";

// Writes of channels, rules and report e-mails; each in the caller's transaction with its audit event.
// Slack and Teams webhook URLs carry their credential in the URL, so for those the URL itself is stored
// encrypted and only its host is kept in clear; a generic webhook's HMAC key is the secret.

const SECRET_URL_KINDS = new Set(["slack", "teams"]);

/** Refuses at once what the outbound policy would refuse at every send (a literal forbidden address). */
function checkTarget(config: ChannelInput["config"]): void {
  if (!("url" in config)) return;
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isForbiddenAddress(host))
    throw badRequest("config.url: refused: link-local or cloud metadata address");
}

function splitConfig(kind: string, config: ChannelInput["config"], secret: string | null | undefined) {
  const secrets: Record<string, string> = {};
  let clear: Record<string, unknown> = config as Record<string, unknown>;
  if ("url" in config && SECRET_URL_KINDS.has(kind)) {
    secrets.url = config.url;
    clear = { host: new URL(config.url).host };
  }
  if (secret) secrets.secret = secret;
  return { clear, secretEnc: Object.keys(secrets).length ? encryptSecrets(secrets) : null };
}

async function unique(sql: Sql, table: string, name: string, exceptId?: string) {
  const rows = await sql.query(`SELECT 1 FROM ${table} WHERE name = $1 AND id IS DISTINCT FROM $2::uuid`, [
    name,
    exceptId ?? null,
  ]);
  if (rows.length) throw new AppError("conflict", `The name "${name}" is taken`);
}

/** A column to set: its name, the value, and a cast for the placeholder ("::jsonb"). */
type Change = [column: string, value: unknown, cast?: string];

/** Sets the given columns (and updatedAt) of one row by id. */
async function updateColumns(sql: Sql, table: string, id: string, changes: Change[]): Promise<void> {
  const params: unknown[] = [id];
  const sets = changes.map(([column, value, cast = ""]) => {
    params.push(value);
    return `"${column}" = $${params.length}${cast}`;
  });
  sets.push(`"updatedAt" = now()`);
  await sql.query(`UPDATE ${table} SET ${sets.join(", ")} WHERE id = $1`, params);
}

/** Audits a row just inserted (its id is the target) and returns it. */
async function auditCreated<R extends { id: string }>(
  sql: Sql,
  actor: Actor,
  table: string,
  action: string,
  row: R,
  data: Record<string, unknown>,
): Promise<R> {
  await audit(sql, actor, { action, targetType: table, targetId: row.id, data });
  return row;
}

/** Deletes one row by id, audited with its name; 404 naming `what` when there is none. */
async function deleteNamed(sql: Sql, actor: Actor, table: string, id: string, what: string, action: string) {
  const rows = await sql.query<{ name: string }>(`DELETE FROM ${table} WHERE id = $1 RETURNING name`, [id]);
  if (!rows.length) throw notFound(what);
  await audit(sql, actor, { action, targetType: table, targetId: id, data: { name: rows[0].name } });
}

export async function createChannel(sql: Sql, actor: Actor, raw: ChannelInput): Promise<{ id: string }> {
  const input = channelInput.parse(raw);
  await unique(sql, "notification_channel", input.name);
  checkTarget(input.config);
  const { clear, secretEnc } = splitConfig(input.kind, input.config, input.secret);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO notification_channel (name, kind, config, "secretEnc", enabled, "ratePerMinute")
     VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING id`,
    [input.name, input.kind, JSON.stringify(clear), secretEnc, input.enabled, input.ratePerMinute],
  );
  return auditCreated(sql, actor, "notification_channel", "notification.channel.create", rows[0], {
    name: input.name,
    kind: input.kind,
    config: clear,
    secret: Boolean(input.secret),
  });
}

export async function updateChannel(
  sql: Sql,
  actor: Actor,
  id: string,
  patch: z.infer<typeof channelPatch>,
): Promise<void> {
  const rows = await sql.query<{ kind: string; name: string }>(
    `SELECT kind, name FROM notification_channel WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!rows.length) throw notFound("Channel");
  const kind = rows[0].kind;
  if (patch.name) await unique(sql, "notification_channel", patch.name, id);
  const changes: Change[] = [];
  const set = (col: string, v: unknown, cast = "") => changes.push([col, v, cast]);
  if (patch.name !== undefined) set("name", patch.name);
  if (patch.enabled !== undefined) set("enabled", patch.enabled);
  if (patch.ratePerMinute !== undefined) set("ratePerMinute", patch.ratePerMinute);
  if (patch.config !== undefined || patch.secret !== undefined) {
    if ((kind === "email") !== (patch.config ? "to" in patch.config : kind === "email"))
      throw badRequest(
        kind === "email" ? "config: an e-mail channel takes {to: [...]}" : "config: takes {url}",
      );
    if (!patch.config && SECRET_URL_KINDS.has(kind))
      throw badRequest("config: send the webhook URL again with a new secret (it is stored encrypted)");
    const current = await sql.query<{ config: ChannelInput["config"] }>(
      `SELECT config FROM notification_channel WHERE id = $1`,
      [id],
    );
    if (patch.config) checkTarget(patch.config);
    const { clear, secretEnc } = splitConfig(kind, patch.config ?? current[0].config, patch.secret ?? null);
    set("config", JSON.stringify(clear), "::jsonb");
    // A patch without `secret` keeps the stored one unless the URL (Slack/Teams) changed.
    if (patch.secret !== undefined || SECRET_URL_KINDS.has(kind)) set("secretEnc", secretEnc);
  }
  await updateColumns(sql, "notification_channel", id, changes);
  await audit(sql, actor, {
    action: "notification.channel.update",
    targetType: "notification_channel",
    targetId: id,
    data: {
      fields: Object.keys(patch),
      secret: patch.secret === undefined ? "kept" : patch.secret ? "set" : "removed",
    },
  });
}

export async function deleteChannel(sql: Sql, actor: Actor, id: string): Promise<void> {
  await deleteNamed(sql, actor, "notification_channel", id, "Channel", "notification.channel.delete");
  await sql.query(
    `UPDATE notification_rule SET "channelIds" = array_remove("channelIds", $1) WHERE $1 = ANY("channelIds")`,
    [id],
  );
}

async function checkChannels(sql: Sql, ids: string[]) {
  const found = await sql.query<{ id: string }>(
    `SELECT id FROM notification_channel WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((i) => !known.has(i));
  if (missing.length) throw badRequest(`channelIds: unknown channel ${missing.join(", ")}`);
}

export async function createRule(sql: Sql, actor: Actor, raw: RuleInput): Promise<{ id: string }> {
  const input = ruleInput.parse(raw);
  await unique(sql, "notification_rule", input.name);
  await checkChannels(sql, input.channelIds);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO notification_rule (name, events, "channelIds", clusters, namespaces, "minSeverity", "daysAhead", enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.name,
      input.events,
      input.channelIds,
      input.clusters,
      input.namespaces,
      input.minSeverity ?? null,
      input.daysAhead,
      input.enabled,
    ],
  );
  return auditCreated(sql, actor, "notification_rule", "notification.rule.create", rows[0], { ...input });
}

export async function updateRule(sql: Sql, actor: Actor, id: string, raw: z.input<typeof rulePatch>) {
  const patch = rulePatch.parse(raw);
  const rows = await sql.query(`SELECT 1 FROM notification_rule WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows.length) throw notFound("Rule");
  if (patch.name) await unique(sql, "notification_rule", patch.name, id);
  if (patch.channelIds) await checkChannels(sql, patch.channelIds);
  const cols: Record<string, unknown> = {
    name: patch.name,
    events: patch.events,
    channelIds: patch.channelIds,
    clusters: patch.clusters,
    namespaces: patch.namespaces,
    minSeverity: patch.minSeverity,
    daysAhead: patch.daysAhead,
    enabled: patch.enabled,
  };
  const changes = Object.entries(cols)
    .filter(([k]) => k in raw)
    .map(([k, v]): Change => [k, v ?? null]);
  await updateColumns(sql, "notification_rule", id, changes);
  await audit(sql, actor, {
    action: "notification.rule.update",
    targetType: "notification_rule",
    targetId: id,
    data: { ...patch },
  });
}

export async function deleteRule(sql: Sql, actor: Actor, id: string): Promise<void> {
  await deleteNamed(sql, actor, "notification_rule", id, "Rule", "notification.rule.delete");
}

export async function createReportMail(
  sql: Sql,
  actor: Actor,
  raw: ReportMailInput,
): Promise<{ id: string }> {
  const input = reportMailInput.parse(raw);
  await unique(sql, "report_mail_schedule", input.name);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO report_mail_schedule (name, cadence, recipients, cluster, enabled) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [input.name, input.cadence, input.recipients, input.cluster ?? null, input.enabled],
  );
  return auditCreated(sql, actor, "report_mail_schedule", "notification.report-mail.create", rows[0], {
    ...input,
  });
}

export async function deleteReportMail(sql: Sql, actor: Actor, id: string): Promise<void> {
  await deleteNamed(
    sql,
    actor,
    "report_mail_schedule",
    id,
    "Report e-mail",
    "notification.report-mail.delete",
  );
}

/** "Send test": a test event for this channel only; the worker sends it like any other message. */
export async function queueTest(sql: Sql, actor: Actor, channelId: string): Promise<{ messageId: string }> {
  const ch = await sql.query<{ name: string }>(`SELECT name FROM notification_channel WHERE id = $1`, [
    channelId,
  ]);
  if (!ch.length) throw notFound("Channel");
  const ev = await sql.query<{ id: string }>(
    `INSERT INTO notification_event (type, "dedupeKey", severity, title, detail, path, "occurredAt", "dispatchedAt")
     VALUES ('test', 'test:' || gen_random_uuid(), 'info', 'Test message from Posture',
             'Sent by ' || $1 || ' to check the channel "' || $2 || '"', '/notifications', now(), now())
     RETURNING id`,
    [actor.label ?? "an admin", ch[0].name],
  );
  const msg = await sql.query<{ id: string }>(
    `INSERT INTO notification_message ("channelId", kind, subject, "eventCount", status, "nextAttemptAt")
     VALUES ($1, 'test', 'Test message from Posture', 1, 'pending', now()) RETURNING id`,
    [channelId],
  );
  await sql.query(`INSERT INTO notification_message_event ("messageId", "eventId") VALUES ($1, $2)`, [
    msg[0].id,
    ev[0].id,
  ]);
  await audit(sql, actor, {
    action: "notification.channel.test",
    targetType: "notification_channel",
    targetId: channelId,
    data: { messageId: msg[0].id },
  });
  return { messageId: msg[0].id };
}
