// Inputs of the notification API (channels, rules, report e-mails) and the event vocabulary. The same
// zod schemas validate requests and feed the OpenAPI document.
import { z } from "zod";
import { isSeverity, SEVERITIES, type Severity, severityRank } from "@/lib/severity";

export const EVENT_TYPES = [
  "incident.opened",
  "incident.contained",
  "finding.opened",
  "certificate.expiring",
  "trust-anchor.expiring",
  "risk.acceptance-expiring",
  "risk.review-overdue",
  "kpi.off-target",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABEL: Record<EventType, string> = {
  "incident.opened": "Incident opened",
  "incident.contained": "Incident contained",
  "finding.opened": "Finding opened",
  "certificate.expiring": "Certificate expiring",
  "trust-anchor.expiring": "Trust anchor expiring",
  "risk.acceptance-expiring": "Risk acceptance expiring",
  "risk.review-overdue": "Risk review overdue",
  "kpi.off-target": "KPI crossed its target",
};

export const CHANNEL_KINDS = ["webhook", "slack", "teams", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const name = z.string().trim().min(1).max(100);
const httpsOrHttpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");
const email = z.string().trim().max(320).email();

const urlConfig = z.object({ url: httpsOrHttpUrl }).strict();
const emailConfig = z.object({ to: z.array(email).min(1).max(50) }).strict();

/** Channel body: `config` is `{url}` for webhook/slack/teams, `{to:[…]}` for e-mail. */
export const channelInput = z
  .object({
    name,
    kind: z.enum(CHANNEL_KINDS),
    config: z.union([urlConfig, emailConfig]),
    secret: z.string().min(1).max(4096).optional(),
    enabled: z.boolean().default(true),
    ratePerMinute: z.number().int().min(1).max(600).default(10),
  })
  .superRefine((v, ctx) => {
    const wantsEmail = v.kind === "email";
    const hasTo = "to" in v.config;
    if (wantsEmail !== hasTo)
      ctx.addIssue({
        code: "custom",
        path: ["config"],
        message: wantsEmail ? "an e-mail channel takes {to: [addresses]}" : `a ${v.kind} channel takes {url}`,
      });
  });
export type ChannelInput = z.input<typeof channelInput>;

/** PATCH: any field; `secret: null` removes the secret. */
export const channelPatch = z.object({
  name: name.optional(),
  config: z.union([urlConfig, emailConfig]).optional(),
  secret: z.string().min(1).max(4096).nullable().optional(),
  enabled: z.boolean().optional(),
  ratePerMinute: z.number().int().min(1).max(600).optional(),
});

export const ruleInput = z.object({
  name,
  events: z.array(z.enum(EVENT_TYPES)).min(1),
  channelIds: z.array(z.uuid()).min(1).max(20),
  clusters: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  namespaces: z.array(z.string().trim().min(1).max(253)).max(100).default([]),
  minSeverity: z.enum(SEVERITIES).nullable().optional(),
  daysAhead: z.number().int().min(1).max(365).default(14),
  enabled: z.boolean().default(true),
});
export type RuleInput = z.input<typeof ruleInput>;
export const rulePatch = ruleInput.partial();

export const reportMailInput = z.object({
  name,
  cadence: z.enum(["weekly", "monthly"]),
  recipients: z.array(email).min(1).max(50),
  cluster: z.string().trim().min(1).max(100).nullable().optional(),
  enabled: z.boolean().default(true),
});
export type ReportMailInput = z.input<typeof reportMailInput>;

/** At or above the floor (no floor: any); an event without a known severity is below every floor. */
export function severityAtLeast(sev: string | null, min: Severity | null | undefined): boolean {
  if (!min) return true;
  if (!sev || !isSeverity(sev)) return false;
  return severityRank(sev) <= severityRank(min);
}
