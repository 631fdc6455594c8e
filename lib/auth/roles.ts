// Roles and what they may do: the one capability table. Every way in reads it — apiRoute
// (lib/http/api.ts) through the requirements below, securePage (lib/auth/page.ts) and formAction
// (lib/http/action.ts) through requireUser, and pages that show or hide a control through can().
// test/roles-matrix.test.ts pins the table and checks every mutating route and server action against it.

export const ROLES = ["viewer", "operator", "risk_manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  risk_manager: "Risk manager",
  admin: "Admin",
};

export const CAPABILITY_NAMES = ["read", "operate", "manageRisks", "publish", "admin"] as const;
export type Capability = (typeof CAPABILITY_NAMES)[number];

/**
 * What each role may do.
 * - read: every page and GET route; one's own password and saved filters.
 * - operate: incidents, findings, sources, API tokens, ingest uploads.
 * - manageRisks: the risk register, its matrix and appetite.
 * - publish: freeze (publish) an executive report.
 * - admin: users, settings, KPI targets and backfills, notifications, retention.
 */
export const ROLE_CAPABILITIES = {
  viewer: ["read"],
  operator: ["read", "operate", "publish"],
  risk_manager: ["read", "manageRisks", "publish"],
  admin: ["read", "operate", "manageRisks", "publish", "admin"],
} as const satisfies Record<Role, readonly Capability[]>;

export function can(role: Role, capability: Capability): boolean {
  return (ROLE_CAPABILITIES[role] as readonly Capability[]).includes(capability);
}

/** The roles that hold a capability, in ROLES order. */
export const rolesWith = (capability: Capability): Role[] => ROLES.filter((r) => can(r, capability));

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export const TOKEN_SCOPES = ["ingest", "read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a route needs: a capability of the user (session, or token owner) and a scope of a Bearer token. */
export interface Requirement {
  capability: Capability;
  scope: TokenScope;
}

// The requirements routes use, named once (the OpenAPI catalogue documents the same constants).
export const READ: Requirement = { capability: "read", scope: "read" };
/** Changing one's own things (password, saved filters): any signed-in role. */
export const OWN_WRITE: Requirement = { capability: "read", scope: "write" };
export const INGEST: Requirement = { capability: "operate", scope: "ingest" };
export const OPERATE_READ: Requirement = { capability: "operate", scope: "read" };
export const OPERATE_WRITE: Requirement = { capability: "operate", scope: "write" };
export const MANAGE_RISKS: Requirement = { capability: "manageRisks", scope: "write" };
export const PUBLISH: Requirement = { capability: "publish", scope: "write" };
export const ADMIN_READ: Requirement = { capability: "admin", scope: "read" };
export const WRITE_ADMIN: Requirement = { capability: "admin", scope: "write" };
