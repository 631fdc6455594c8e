import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { pool } from "@/lib/db/pool";
import { auth } from "./better-auth";
import type { Principal } from "./principal";
import { type Capability, can, isRole } from "./roles";

/** The signed-in user of this request, or null. Reads role and disabled flag fresh from the database. */
export const sessionPrincipal = cache(async (h?: Headers): Promise<Principal | null> => {
  const hdrs = h ?? (await headers());
  const s = await auth().api.getSession({ headers: hdrs });
  if (!s) return null;
  const { rows } = await pool().query<{ role: string; disabled: boolean; email: string; name: string }>(
    `SELECT role::text AS role, disabled, email, name FROM "user" WHERE id = $1`,
    [s.user.id],
  );
  const u = rows[0];
  if (!u || u.disabled || !isRole(u.role)) return null;
  return {
    via: "session",
    userId: s.user.id,
    sessionId: s.session.id,
    email: u.email,
    name: u.name,
    role: u.role,
  };
});

/** For pages and server actions: redirects to login without a session, 403 without the capability. */
export async function requireUser(capability: Capability = "read", returnTo?: string): Promise<Principal> {
  const p = await sessionPrincipal();
  if (!p) redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  if (!can(p.role, capability)) forbidden();
  return p;
}
