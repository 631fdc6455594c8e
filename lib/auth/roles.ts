// Roles and what they may do. Checked on the server by lib/auth/guard.ts for every page, route and action.

export const ROLES = ["viewer", "operator", "risk_manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  risk_manager: "Risk manager",
  admin: "Admin",
};

/** Permissions by capability; a role holds a capability when it is listed. */
export const CAPABILITIES = {
  read: ["viewer", "operator", "risk_manager", "admin"],
  operate: ["operator", "admin"], // incidents, findings, sources, ingest uploads
  manageRisks: ["risk_manager", "admin"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export const TOKEN_SCOPES = ["ingest", "read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
