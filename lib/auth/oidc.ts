// OpenID Connect single sign-on, enabled when POSTURE_OIDC_ISSUER and _CLIENT_ID are set.
// New SSO users are created with POSTURE_OIDC_DEFAULT_ROLE (viewer) unless POSTURE_OIDC_AUTO_PROVISION=0,
// in which case only users an admin created beforehand (same email) can sign in through SSO.
import { isRole, type Role } from "./roles";

export const OIDC_PROVIDER_ID = "oidc";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  name: string;
  autoProvision: boolean;
  defaultRole: Role;
}

export function oidcSettings(): OidcSettings | null {
  const issuer = process.env.POSTURE_OIDC_ISSUER?.replace(/\/$/, "");
  const clientId = process.env.POSTURE_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return null;
  const role = process.env.POSTURE_OIDC_DEFAULT_ROLE ?? "viewer";
  return {
    issuer,
    clientId,
    clientSecret: process.env.POSTURE_OIDC_CLIENT_SECRET,
    name: process.env.POSTURE_OIDC_NAME ?? "single sign-on",
    autoProvision: process.env.POSTURE_OIDC_AUTO_PROVISION !== "0",
    defaultRole: isRole(role) ? role : "viewer",
  };
}
