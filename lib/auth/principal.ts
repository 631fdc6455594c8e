import type { Actor } from "@/lib/audit/log";
import type { Role, TokenScope } from "./roles";

/** Who is making a request: a signed-in user, or a token acting as its owner within its scopes. */
export interface Principal {
  via: "session" | "token";
  userId: string;
  email: string;
  name: string;
  role: Role;
  tokenId?: string;
  /** The session of a signed-in user (so a password change can end the others). */
  sessionId?: string;
  scopes?: TokenScope[];
  /** The token's default cluster (name) for pushed records that name none. */
  defaultCluster?: string | null;
}

export function actorOf(p: Principal): Actor {
  return p.via === "token"
    ? { type: "token", id: p.tokenId ?? null, label: `${p.email} (token)` }
    : { type: "user", id: p.userId, label: p.email };
}
