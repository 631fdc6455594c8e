import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/CreateUserForm";
import { KpiBackfillPanel } from "@/components/admin/KpiBackfillPanel";
import { OrganisationForm } from "@/components/admin/OrganisationForm";
import { RetentionRow } from "@/components/admin/RetentionRow";
import { UserRow } from "@/components/admin/UserRow";
import { PageHeader } from "@/components/ui/PageHeader";
import { recentAuditEvents } from "@/lib/audit/queries";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { listUsers } from "@/lib/auth/users";
import { latestBackfill } from "@/lib/kpi/backfill-job";
import { ymd } from "@/lib/kpi/snapshots";
import { getOrganisation } from "@/lib/reports/organisation";
import { tableUsage } from "@/lib/retention/store";
import {
  createUserAction,
  resetPasswordAction,
  setRetentionAction,
  setRoleAction,
  toggleDisabledAction,
} from "./actions";
import { setOrganisationAction } from "./organisation-actions";

function bytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i && v < 10 ? 1 : 0)} ${units[i]}`;
}

export const metadata: Metadata = { title: "Admin" };

async function AdminPage(_props: unknown, me: Principal) {
  const [users, events, organisation, usage, backfill] = await Promise.all([
    listUsers(),
    recentAuditEvents(25),
    getOrganisation(),
    tableUsage(),
    latestBackfill(),
  ]);
  const now = Date.now();
  return (
    <>
      <PageHeader title="Admin" subtitle="Users, roles, data retention, KPI history and the audit log" />
      <div className="stack">
        <section className="card">
          <h2>Users</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>User</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th>Created</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <UserRow
                    key={u.id}
                    user={{ ...u, createdAt: u.createdAt.toISOString() }}
                    self={u.id === me.userId}
                    setRole={setRoleAction}
                    toggle={toggleDisabledAction}
                    resetPassword={resetPasswordAction}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card">
          <h2>Invite a user</h2>
          <CreateUserForm action={createUserAction} />
        </section>
        <section className="card" aria-labelledby="org-h">
          <h2 id="org-h">Organisation</h2>
          <OrganisationForm action={setOrganisationAction} current={organisation} />
        </section>
        <section className="card">
          <h2>Data retention</h2>
          <p className="small muted">
            Raw decisions, flows and 1-minute traffic buckets are kept for the days below; once a whole month
            is older, its partition is dropped by a daily job (each drop is in the audit log). Rollups keep
            the hourly and daily figures for longer, so charts and KPIs over older periods still have them. A
            rollup cannot be kept shorter than the raw rows it summarises.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Table</th>
                  <th>Kind</th>
                  <th>Keep</th>
                  <th className="num">Size</th>
                  <th className="num">Rows (approx.)</th>
                  <th className="num">Partitions</th>
                  <th>Oldest (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {usage.map((u) => (
                  <RetentionRow
                    key={u.table}
                    save={setRetentionAction}
                    row={{
                      table: u.table,
                      label: u.label,
                      kind: u.kind,
                      days: u.days,
                      defaultDays: u.defaultDays,
                      size: bytes(u.bytes),
                      rows: Math.round(u.approxRows).toLocaleString("en"),
                      partitions: u.partitions,
                      oldest: u.oldest ? u.oldest.toISOString().slice(0, 16).replace("T", " ") : null,
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
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
          />
        </section>
        <section className="card">
          <h2>Audit log</h2>
          <p className="small muted">
            Every change is recorded in a hash chain that the database refuses to alter. Check it with{" "}
            <code>npm run posture -- audit verify</code>.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>When (UTC)</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>Target</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className="small">{e.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                    <td>{e.actorLabel ?? e.actorType}</td>
                    <td className="mono">{e.action}</td>
                    <td className="small muted">
                      {e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

export default securePage("admin", AdminPage);
