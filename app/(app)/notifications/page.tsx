import type { Metadata } from "next";
import { ChannelForm } from "@/components/notifications/ChannelForm";
import {
  channelColumns,
  deliveryColumns,
  mailColumns,
  ruleColumns,
} from "@/components/notifications/columns";
import { ReportMailForm } from "@/components/notifications/ReportMailForm";
import { RuleForm } from "@/components/notifications/RuleForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { TableCard } from "@/components/ui/TableCard";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { deliveryLog, listChannels, listReportMails, listRules } from "@/lib/notifications/queries";
import { displayZone } from "@/lib/time/server";

export const metadata: Metadata = { title: "Notifications" };

type SP = { editChannel?: string; editRule?: string };

async function NotificationsPage({ searchParams }: { searchParams: Promise<SP> }, me: Principal) {
  const admin = can(me.role, "admin");
  const sp = await searchParams;
  const [channels, rules, mails, log, zone] = await Promise.all([
    listChannels(),
    listRules(),
    listReportMails(),
    deliveryLog({ limit: 100 }),
    displayZone(),
  ]);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  // ?editChannel= / ?editRule= (the rows' Edit links) put that record's form where the add form is.
  const editChannel = admin ? channels.find((c) => c.id === sp.editChannel) : undefined;
  const editRule = admin ? rules.find((r) => r.id === sp.editRule) : undefined;
  const channelChoices = channels.map((c) => ({ id: c.id, name: c.name }));
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="Where Posture tells people what happened: Slack, Teams, webhooks and e-mail, and scheduled reports"
      />
      <div className="stack">
        <TableCard
          title="Channels"
          columns={channelColumns(admin, zone)}
          rows={channels}
          rowKey={(c) => c.id}
          empty={`No channels yet.${admin ? " Add one below." : " An admin adds them."}`}
        >
          {admin && (
            <>
              <h3 id="edit-channel">{editChannel ? `Edit channel ${editChannel.name}` : "Add a channel"}</h3>
              <ChannelForm key={editChannel?.id ?? "new"} channel={editChannel} />
            </>
          )}
        </TableCard>

        <TableCard
          title="Rules"
          intro={
            <p className="muted small">
              Which events go to which channels. Each event is sent once per rule and channel; what arrives
              while a channel is busy or at its limit goes out as one digest.
            </p>
          }
          columns={ruleColumns(admin, channelName)}
          rows={rules}
          rowKey={(r) => r.id}
          empty="No rules yet."
        >
          {admin && (
            <>
              <h3 id="edit-rule">{editRule ? `Edit rule ${editRule.name}` : "Add a rule"}</h3>
              <RuleForm key={editRule?.id ?? "new"} channels={channelChoices} rule={editRule} />
            </>
          )}
        </TableCard>

        <TableCard
          title="Scheduled report e-mails"
          columns={mailColumns(admin, zone)}
          rows={mails}
          rowKey={(m) => m.id}
          empty="None yet."
        >
          {admin && (
            <>
              <h3>Schedule a report e-mail</h3>
              <ReportMailForm />
            </>
          )}
        </TableCard>

        <TableCard
          title="Delivery log"
          columns={deliveryColumns(zone)}
          rows={log}
          rowKey={(m) => m.id}
          empty="Nothing sent yet."
        />
      </div>
    </>
  );
}

export default securePage("read", NotificationsPage);
