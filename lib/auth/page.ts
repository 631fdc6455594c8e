import "server-only";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { safeNext } from "@/lib/http/safe-next";
import type { Principal } from "./principal";
import type { Capability } from "./roles";
import { requireUser } from "./session";

/** Set by proxy.ts on every page request: where to come back to after signing in. */
export const PATH_HEADER = "x-posture-path";

/**
 * The one wrapper every page goes through, as apiRoute is for route handlers: the session and the
 * capability are checked on every render of the page itself. The (app) layout checks too, but Next.js
 * does not re-run a layout on client-side navigation, so a page that relied on it alone would render
 * for a session that has ended or lost its role. Without a session → /login?next=<this page>; without
 * the capability → 403.
 */
export function securePage<P>(
  capability: Capability,
  render: (props: P, user: Principal) => Promise<ReactNode> | ReactNode,
): (props: P) => Promise<ReactNode> {
  // Called once per page module (its default export), not per render.
  return async (props: P) => {
    const path = (await headers()).get(PATH_HEADER);
    const user = await requireUser(capability, path ? safeNext(path) : undefined);
    return render(props, user);
  };
}
