import { patchIncidentAction } from "@/app/(app)/incidents/actions";
import { ActionForm } from "./ActionForm";

export interface Assignee {
  /** What the incident stores as its owner: the user's e-mail address (unique, unlike names). */
  value: string;
  label: string;
}

/**
 * Assigns the incident to one of the active users (or to nobody) through the incident PATCH path. An
 * owner typed by hand before users could be picked stays selectable, so saving never drops it silently.
 */
export function AssigneeForm({
  incidentId,
  owner,
  users,
}: {
  incidentId: string;
  owner: string | null;
  users: Assignee[];
}) {
  const known = owner === null || users.some((u) => u.value === owner);
  return (
    <ActionForm action={patchIncidentAction} label="Assign the incident" submit="Assign" className="assignee">
      <input type="hidden" name="id" value={incidentId} />
      <label htmlFor="p-owner" className="sr-only">
        Assignee
      </label>
      <select id="p-owner" name="owner" defaultValue={owner ?? ""}>
        <option value="">nobody</option>
        {!known && <option value={owner}>{owner} (not a user)</option>}
        <AssigneeOptions users={users} />
      </select>
    </ActionForm>
  );
}

/** The users as options of an owner select. */
export function AssigneeOptions({ users }: { users: Assignee[] }) {
  return users.map((u) => (
    <option key={u.value} value={u.value}>
      {u.label}
    </option>
  ));
}

/** The owner's name where the stored owner is a user's e-mail, else the stored text. */
export function ownerName(owner: string | null, users: Assignee[]): string | null {
  if (!owner) return null;
  return users.find((u) => u.value === owner)?.label ?? owner;
}
