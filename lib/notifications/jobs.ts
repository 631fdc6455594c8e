import "server-only";
import { defineJob } from "@/lib/jobs/registry";
import { runNotifications } from "./dispatch";
import { sendDueReportMails } from "./report-mail";

// Every 15 seconds (and every minute by cron, should the ticker stop): notice events, fan out, send.
export const notificationsJob = defineJob({
  name: "notifications.run",
  cron: "* * * * *",
  everySeconds: 15,
  async handler() {
    await runNotifications();
  },
});

export const reportMailJob = defineJob({
  name: "notifications.report-mail",
  cron: "7 * * * *",
  async handler() {
    await sendDueReportMails();
  },
});
