// Message bodies for each channel kind (pure). One event makes a message about that event; several
// events that were waiting for the same channel make one digest, so a burst never becomes a storm.
import { worstSeverity } from "@/lib/severity";
import { type ChannelKind, EVENT_LABEL, type EventType } from "./schema";

export interface EventForMessage {
  id: string;
  type: string;
  severity: string | null;
  cluster: string | null;
  namespace: string | null;
  title: string;
  detail: string;
  /** Path of the record in Posture, e.g. /incidents/<id>. */
  path: string;
  occurredAt: Date;
}

export interface RenderedMessage {
  subject: string;
  /** JSON body for webhook/slack/teams; text + html for e-mail. */
  json?: unknown;
  text: string;
  html?: string;
}

/** How many events a digest lists one by one; the rest are counted. */
export const DIGEST_LIST_MAX = 20;

const label = (t: string) => EVENT_LABEL[t as EventType] ?? t;

function where(e: EventForMessage): string {
  if (e.cluster && e.namespace) return `${e.cluster}/${e.namespace}`;
  return e.cluster ?? "all clusters";
}

export function subjectOf(events: EventForMessage[]): string {
  if (events.length === 1) {
    const e = events[0];
    return `[Posture] ${label(e.type)}${e.severity ? ` (${e.severity})` : ""}: ${e.title}`;
  }
  const worst = worstSeverity(events.map((e) => e.severity));
  return `[Posture] ${events.length} events${worst ? `, worst ${worst}` : ""}`;
}

function line(e: EventForMessage, base: string): string {
  const sev = e.severity ? `[${e.severity}] ` : "";
  return `${sev}${label(e.type)} — ${e.title} (${where(e)}): ${e.detail} ${base}${e.path}`;
}

function textOf(events: EventForMessage[], base: string): string {
  const shown = events.slice(0, DIGEST_LIST_MAX).map((e) => `• ${line(e, base)}`);
  const more = events.length - shown.length;
  return [...shown, ...(more > 0 ? [`… and ${more} more: ${base}/notifications`] : [])].join("\n");
}

function webhookBody(events: EventForMessage[], base: string) {
  return {
    type: "posture.notification",
    version: 1,
    digest: events.length > 1,
    count: events.length,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      severity: e.severity,
      cluster: e.cluster,
      namespace: e.namespace,
      title: e.title,
      detail: e.detail,
      url: `${base}${e.path}`,
      occurredAt: e.occurredAt.toISOString(),
    })),
  };
}

// Slack Block Kit: a header, one section per event (at most DIGEST_LIST_MAX; Slack allows 50 blocks),
// and a plain `text` fallback for notifications on phones.
function slackBody(events: EventForMessage[], base: string) {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: subjectOf(events).slice(0, 150), emoji: false } },
  ];
  for (const e of events.slice(0, DIGEST_LIST_MAX)) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*<${base}${e.path}|${esc(e.title)}>*\n${esc(label(e.type))}${
          e.severity ? ` · severity *${e.severity}*` : ""
        } · ${esc(where(e))}\n${esc(e.detail)}`.slice(0, 3000),
      },
    });
  }
  if (events.length > DIGEST_LIST_MAX)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `… and ${events.length - DIGEST_LIST_MAX} more in Posture` }],
    });
  return { text: subjectOf(events), blocks };
}

// Teams workflow webhooks ("Post to a channel when a webhook request is received") take a message with
// an Adaptive Card attachment.
function teamsBody(events: EventForMessage[], base: string) {
  const body: unknown[] = [
    { type: "TextBlock", size: "Medium", weight: "Bolder", text: subjectOf(events), wrap: true },
  ];
  for (const e of events.slice(0, DIGEST_LIST_MAX)) {
    body.push({
      type: "Container",
      separator: true,
      items: [
        { type: "TextBlock", weight: "Bolder", text: `[${e.title}](${base}${e.path})`, wrap: true },
        {
          type: "FactSet",
          facts: [
            { title: "What", value: label(e.type) },
            { title: "Where", value: where(e) },
            ...(e.severity ? [{ title: "Severity", value: e.severity }] : []),
          ],
        },
        { type: "TextBlock", text: e.detail, wrap: true, isSubtle: true },
      ],
    });
  }
  if (events.length > DIGEST_LIST_MAX)
    body.push({ type: "TextBlock", text: `… and ${events.length - DIGEST_LIST_MAX} more`, wrap: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: [
            {
              type: "Action.OpenUrl",
              title: "Open in Posture",
              url: events.length === 1 ? `${base}${events[0].path}` : `${base}/notifications`,
            },
          ],
        },
      },
    ],
  };
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function emailHtml(events: EventForMessage[], base: string): string {
  const rows = events
    .slice(0, DIGEST_LIST_MAX)
    .map(
      (e) =>
        `<tr><td>${htmlEscape(e.severity ?? "")}</td><td>${htmlEscape(label(e.type))}</td>` +
        `<td><a href="${htmlEscape(base + e.path)}">${htmlEscape(e.title)}</a><br>${htmlEscape(e.detail)}</td>` +
        `<td>${htmlEscape(where(e))}</td></tr>`,
    )
    .join("");
  const more =
    events.length > DIGEST_LIST_MAX ? `<p>… and ${events.length - DIGEST_LIST_MAX} more in Posture.</p>` : "";
  return `<p>${htmlEscape(subjectOf(events))}</p><table cellpadding="4" border="1" style="border-collapse:collapse"><tr><th>Severity</th><th>What</th><th>Record</th><th>Where</th></tr>${rows}</table>${more}`;
}

export function renderMessage(kind: ChannelKind, events: EventForMessage[], base: string): RenderedMessage {
  const subject = subjectOf(events);
  const text = textOf(events, base);
  switch (kind) {
    case "webhook":
      return { subject, text, json: webhookBody(events, base) };
    case "slack":
      return { subject, text, json: slackBody(events, base) };
    case "teams":
      return { subject, text, json: teamsBody(events, base) };
    case "email":
      return { subject, text, html: emailHtml(events, base) };
  }
}
