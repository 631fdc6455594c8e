import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/CreateUserForm";
import { auditColumns, retentionColumns, userColumns } from "@/components/admin/columns";
import { KpiBackfillPanel } from "@/components/admin/KpiBackfillPanel";
import { OrganisationForm } from "@/components/admin/OrganisationForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { TableCard } from "@/components/ui/TableCard";
import { recentAuditEvents } from "@/lib/audit/queries";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { listUsers } from "@/lib/auth/users";
import { latestBackfill } from "@/lib/kpi/backfill-job";
import { ymd } from "@/lib/kpi/snapshots";
import { getOrganisation } from "@/lib/reports/organisation";
import { tableUsage } from "@/lib/retention/partitions";
import { displayZone } from "@/lib/time/server";
import {
  createUserAction,
  resetPasswordAction,
  setRetentionAction,
  setRoleAction,
  toggleDisabledAction,
} from "./actions";
import { setOrganisationAction } from "./organisation-actions";

export const metadata: Metadata = { title: "Admin" };

async function AdminPage(_props: unknown, me: Principal) {
  const [users, events, organisation, usage, backfill, zone] = await Promise.all([
    listUsers(),
    recentAuditEvents(25),
    getOrganisation(),
    tableUsage(),
    latestBackfill(),
    displayZone(),
  ]);
  const now = Date.now();
  return (
    <>
      <PageHeader title="Admin" subtitle="Users, roles, data retention, KPI history and the audit log" />
      <div className="stack">
        <TableCard
          title="Users"
          columns={userColumns(
            me.userId,
            {
              setRole: setRoleAction,
              toggle: toggleDisabledAction,
              resetPassword: resetPasswordAction,
            },
            zone,
          )}
          rows={users}
          rowKey={(u) => u.id}
        />
        <section className="card">
          <h2>Invite a user</h2>
          <CreateUserForm action={createUserAction} />
        </section>
        <section className="card" aria-labelledby="org-h">
          <h2 id="org-h">Organisation</h2>
          <OrganisationForm action={setOrganisationAction} current={organisation} />
        </section>
        <TableCard
          title="Data retention"
          intro={
            <p className="small muted">
              Raw decisions, flows and 1-minute traffic buckets are kept for the days below; once a whole
              month is older, its partition is dropped by a daily job (each drop is in the audit log). Rollups
              keep the hourly and daily figures for longer, so charts and KPIs over older periods still have
              them. A rollup cannot be kept shorter than the raw rows it summarises.
            </p>
          }
          columns={retentionColumns(setRetentionAction, zone)}
          rows={usage}
          rowKey={(u) => u.table}
        />
        <section className="card" aria-labelledby="kpi-history-h">
          <h2 id="kpi-history-h">KPI history</h2>
          <p className="small muted">
            Trends and sparklines read one stored snapshot per day. The worker records yesterday every night;
            recompute a range here after importing older data (up to 3 years at once, one run at a time).
          </p>
          <KpiBackfillPanel
            latest={backfill}
            defaultFrom={ymd(new Date(now - 90 * 86_400_000))}
            defaultTo={ymd(new Date(now - 86_400_000))}
            zone={zone}
          />
        </section>
        <TableCard
          title="Audit log"
          intro={
            <p className="small muted">
              Every change is recorded in a hash chain that the database refuses to alter. Check it with{" "}
              <code>npm run posture -- audit verify</code>.
            </p>
          }
          columns={auditColumns(zone)}
          rows={events}
          rowKey={(e) => e.id}
          empty="No events yet."
        />
      </div>
    </>
  );
}

export default securePage("admin", AdminPage);
