import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import type { RuleForMatch } from "./matching";

export interface ChannelView {
  id: string;
  name: string;
  kind: string;
  /** Webhook: {url}; Slack/Teams: {host} (the URL is a credential, stored encrypted); e-mail: {to}. */
  config: Record<string, unknown>;
  hasSecret: boolean;
  enabled: boolean;
  ratePerMinute: number;
  createdAt: Date;
  lastStatus: string | null;
  lastAttemptAt: Date | null;
}

export async function listChannels(): Promise<ChannelView[]> {
  return sqlOfPg(pool()).query<ChannelView>(
    `SELECT c.id, c.name, c.kind, c.config, c."secretEnc" IS NOT NULL AS "hasSecret", c.enabled, c."ratePerMinute",
            c."createdAt", m.status AS "lastStatus", m."createdAt" AS "lastAttemptAt"
       FROM notification_channel c
       LEFT JOIN LATERAL (SELECT status, "createdAt" FROM notification_message WHERE "channelId" = c.id
                          ORDER BY "createdAt" DESC LIMIT 1) m ON true
      ORDER BY c.name`,
  );
}

/** A rule as matching reads it (lib/notifications/matching.ts), with the name people know it by. */
export interface RuleView extends RuleForMatch {
  name: string;
}

export async function listRules(): Promise<RuleView[]> {
  return sqlOfPg(pool()).query<RuleView>(
    `SELECT id, name, events, "channelIds", clusters, namespaces, "minSeverity", "daysAhead", enabled, "createdAt"
       FROM notification_rule ORDER BY name`,
  );
}

export interface DeliveryLogEntry {
  id: string;
  channel: string;
  channelKind: string;
  kind: string;
  subject: string;
  eventCount: number;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  tries: { at: Date; ok: boolean; httpStatus: number | null; error: string | null; durationMs: number }[];
}

/** The delivery log: newest messages first, each with every attempt. */
export async function deliveryLog(
  opts: { status?: string | null; limit?: number } = {},
): Promise<DeliveryLogEntry[]> {
  return sqlOfPg(pool()).query<DeliveryLogEntry>(
    `SELECT m.id, c.name AS channel, c.kind AS "channelKind", m.kind, m.subject, m."eventCount", m.status, m.attempts,
            m."nextAttemptAt", m."lastError", m."sentAt", m."createdAt",
            COALESCE((SELECT json_agg(json_build_object('at', a.at, 'ok', a.ok, 'httpStatus', a."httpStatus",
                                                        'error', a.error, 'durationMs', a."durationMs") ORDER BY a.at)
                        FROM notification_attempt a WHERE a."messageId" = m.id), '[]') AS tries
       FROM notification_message m JOIN notification_channel c ON c.id = m."channelId"
      WHERE ($1::text IS NULL OR m.status = $1)
      ORDER BY m."createdAt" DESC LIMIT $2`,
    [opts.status ?? null, Math.min(opts.limit ?? 100, 500)],
  );
}

export interface ReportMailView {
  id: string;
  name: string;
  cadence: string;
  recipients: string[];
  cluster: string | null;
  lastPeriod: string | null;
  lastSentAt: Date | null;
  lastError: string | null;
  enabled: boolean;
}

export async function listReportMails(): Promise<ReportMailView[]> {
  return sqlOfPg(pool()).query<ReportMailView>(
    `SELECT id, name, cadence, recipients, cluster, "lastPeriod", "lastSentAt", "lastError", enabled
       FROM report_mail_schedule ORDER BY name`,
  );
}
