import "server-only";
import { listUsers } from "@/lib/auth/users";

/** Who an incident can be assigned to: active users, stored by e-mail (unique), shown by name. */
export async function listAssignees(): Promise<{ value: string; label: string }[]> {
  return (await listUsers())
    .filter((u) => !u.disabled)
    .map((u) => ({ value: u.email, label: u.name ? `${u.name} (${u.email})` : u.email }));
}
