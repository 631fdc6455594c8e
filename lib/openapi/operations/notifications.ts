// Notification channels, the rules that route events to them, the delivery log and report e-mails.
import { WRITE_ADMIN } from "@/lib/auth/roles";
import {
  channelInput,
  channelPatch,
  reportMailInput,
  ruleInput,
  rulePatch,
} from "@/lib/notifications/schema";
import { errors, type Operation, operationsOf, params } from "./shape";

const notifications = operationsOf("Notifications");
const CHANNELS = "/api/v1/notifications/channels";
const RULES = "/api/v1/notifications/rules";
const MAILS = "/api/v1/notifications/report-mails";

export const NOTIFICATION_OPERATIONS: Operation[] = [
  notifications.read("listChannels", CHANNELS, "Notification channels (secrets never returned)"),
  notifications.create(
    "createChannel",
    CHANNELS,
    "Add a webhook, Slack, Teams or e-mail channel",
    WRITE_ADMIN,
    channelInput,
    { errors: errors("409") },
  ),
  notifications.change(
    "PATCH",
    "patchChannel",
    `${CHANNELS}/{id}`,
    "Change a channel",
    WRITE_ADMIN,
    channelPatch,
    {
      errors: errors("404", "409"),
    },
  ),
  notifications.remove("deleteChannel", `${CHANNELS}/{id}`, "Remove a channel", WRITE_ADMIN),
  notifications.change(
    "POST",
    "testChannel",
    `${CHANNELS}/{id}/test`,
    "Queue a test message (the delivery log shows the result)",
    WRITE_ADMIN,
    undefined,
    { responses: { "202": { description: "Queued: {messageId}" } } },
  ),
  notifications.read("listNotificationRules", RULES, "Which events go to which channels"),
  notifications.create("createNotificationRule", RULES, "Add a rule", WRITE_ADMIN, ruleInput, {
    errors: errors("409"),
  }),
  notifications.change(
    "PATCH",
    "patchNotificationRule",
    `${RULES}/{id}`,
    "Change a rule",
    WRITE_ADMIN,
    rulePatch,
  ),
  notifications.remove("deleteNotificationRule", `${RULES}/{id}`, "Remove a rule", WRITE_ADMIN),
  notifications.read(
    "listDeliveries",
    "/api/v1/notifications/deliveries",
    "The delivery log: messages, status and every attempt",
    { query: params(["status", "pending, retrying, sent, failed"], ["limit", "1-500"]) },
  ),
  notifications.read("listReportMails", MAILS, "Scheduled executive report e-mails"),
  notifications.create(
    "createReportMail",
    MAILS,
    "E-mail the executive report weekly or monthly (PDF attached)",
    WRITE_ADMIN,
    reportMailInput,
  ),
  notifications.remove("deleteReportMail", `${MAILS}/{id}`, "Stop a scheduled report e-mail", WRITE_ADMIN),
];
