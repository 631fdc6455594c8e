import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/CreateUserForm";
import { OrganisationForm } from "@/components/admin/OrganisationForm";
import { UserRow } from "@/components/admin/UserRow";
import { PageHeader } from "@/components/ui/PageHeader";
import { recentAuditEvents } from "@/lib/audit/queries";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { getOrganisation } from "@/lib/reports/organisation";
import { createUserAction, setRoleAction, toggleDisabledAction } from "./actions";
import { setOrganisationAction } from "./organisation-actions";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const me = await requireUser("admin");
  const [users, events, organisation] = await Promise.all([
    listUsers(),
    recentAuditEvents(25),
    getOrganisation(),
  ]);
  return (
    <>
      <PageHeader title="Admin" subtitle="Users, roles and the audit log" />
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
