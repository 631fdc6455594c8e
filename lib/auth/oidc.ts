// OpenID Connect single sign-on, enabled when POSTURE_OIDC_ISSUER and _CLIENT_ID are set.
// New SSO users are created with POSTURE_OIDC_DEFAULT_ROLE (viewer) unless POSTURE_OIDC_AUTO_PROVISION=0,
// in which case only users an admin created beforehand (same email) can sign in through SSO.
import { env } from "@/lib/config/env";
import type { Role } from "./roles";

export const OIDC_PROVIDER_ID = "oidc";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  name: string;
  autoProvision: boolean;
  defaultRole: Role;
}

/** The SSO settings (validated in lib/config/env.ts: an unknown default role stops the start). */
export function oidcSettings(): OidcSettings | null {
  const e = env();
  const issuer = e.POSTURE_OIDC_ISSUER?.replace(/\/$/, "");
  const clientId = e.POSTURE_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return null;
  return {
    issuer,
    clientId,
    clientSecret: e.POSTURE_OIDC_CLIENT_SECRET,
    name: e.POSTURE_OIDC_NAME,
    autoProvision: e.POSTURE_OIDC_AUTO_PROVISION === "1",
    defaultRole: e.POSTURE_OIDC_DEFAULT_ROLE,
  };
}
