// The Admin page's tables as DataTable columns; the editable cells are client components that post
// their own server action (lib/http/action.ts).
import type { Column } from "@/components/ui/DataTable";
import { formatBytes } from "@/lib/format/bytes";
import type { FormActionFn } from "@/lib/http/form-state";
import type { TableUsage } from "@/lib/retention/partitions";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { RetentionCell } from "./RetentionCell";
import { RoleCell, UserActionsCell, type UserCellData } from "./UserCells";

export interface UserListRow extends UserCellData {
  name: string;
  createdAt: Date;
}

export interface AuditListRow {
  id: string;
  at: Date;
  actorLabel: string | null;
  actorType: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
}

export const auditColumns = (zone: string): Column<AuditListRow>[] => [
  {
    key: "at",
    header: `When (${zoneLabel(zone)})`,
    className: "small stamp",
    cell: (e) => formatInstant(e.at, zone, { seconds: true }),
  },
  { key: "who", header: "Who", cell: (e) => e.actorLabel ?? e.actorType },
  { key: "action", header: "Action", className: "mono", cell: (e) => e.action },
  {
    key: "target",
    header: "Target",
    className: "small muted",
    cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""),
  },
];

export function userColumns(
  me: string,
  actions: { setRole: FormActionFn; toggle: FormActionFn; resetPassword: FormActionFn },
  zone: string,
): Column<UserListRow>[] {
  return [
    {
      key: "user",
      header: "User",
      cell: (u) => (
        <>
          {u.name}
          <div className="small muted">{u.email}</div>
        </>
      ),
    },
    { key: "role", header: "Role", cell: (u) => <RoleCell user={u} action={actions.setRole} /> },
    {
      key: "status",
      header: "Status",
      cell: (u) =>
        u.disabled ? <span className="badge bad">disabled</span> : <span className="badge ok">active</span>,
    },
    {
      key: "created",
      header: `Created (${zoneLabel(zone)})`,
      className: "small",
      cell: (u) => formatInstant(u.createdAt, zone).slice(0, 10),
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (u) =>
        u.id === me ? null : (
          <UserActionsCell user={u} toggle={actions.toggle} resetPassword={actions.resetPassword} />
        ),
    },
  ];
}

export function retentionColumns(save: FormActionFn, zone: string): Column<TableUsage>[] {
  return [
    {
      key: "table",
      header: "Table",
      cell: (u) => (
        <>
          {u.label}
          <div className="small muted mono">{u.table}</div>
        </>
      ),
    },
    { key: "kind", header: "Kind", cell: (u) => (u.kind === "raw" ? "raw (monthly partitions)" : "rollup") },
    {
      key: "keep",
      header: "Keep",
      cell: (u) => (
        <RetentionCell
          table={u.table}
          label={u.label}
          days={u.days}
          defaultDays={u.defaultDays}
          save={save}
        />
      ),
    },
    { key: "size", header: "Size", numeric: true, cell: (u) => formatBytes(u.bytes) },
    {
      key: "rows",
      header: "Rows (approx.)",
      numeric: true,
      cell: (u) => Math.round(u.approxRows).toLocaleString("en"),
    },
    {
      key: "parts",
      header: "Partitions",
      numeric: true,
      cell: (u) => (u.kind === "raw" ? u.partitions : "—"),
    },
    {
      key: "oldest",
      header: `Oldest (${zoneLabel(zone)})`,
      className: "small",
      cell: (u) => (u.oldest ? formatInstant(u.oldest, zone) : "—"),
    },
  ];
}
