import { SignOutButton } from "@/components/auth/SignOutButton";
import type { Principal } from "@/lib/auth/principal";
import { can, ROLE_LABEL } from "@/lib/auth/roles";
import { CollapsibleNav } from "./CollapsibleNav";
import { NavLink } from "./NavLink";
import { TimeZoneSwitch } from "./TimeZoneSwitch";

const MAIN = [
  { href: "/", label: "Overview" },
  { href: "/certificates", label: "Certificates" },
  { href: "/policy", label: "Policy" },
  { href: "/mesh", label: "Mesh" },
  { href: "/findings", label: "Findings" },
  { href: "/incidents", label: "Incidents" },
  { href: "/risks", label: "Risks" },
  { href: "/reports", label: "Reports" },
];

export function Sidebar({ user, zone }: { user: Principal; zone: string }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <CollapsibleNav
        brand={
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" /> Posture
          </div>
        }
      >
        <div className="nav">
          {MAIN.map((l) => (
            <NavLink key={l.href} href={l.href}>
              {l.label}
            </NavLink>
          ))}
          <div className="nav-section">Manage</div>
          <NavLink href="/sources">Sources</NavLink>
          <NavLink href="/notifications">Notifications</NavLink>
          {can(user.role, "operate") && <NavLink href="/tokens">API tokens</NavLink>}
          {can(user.role, "admin") && <NavLink href="/admin">Admin</NavLink>}
          <NavLink href="/account">Account</NavLink>
        </div>
        <div className="sidebar-foot">
          <div title={user.email} className="ellipsis">
            {user.name}
          </div>
          <div>{ROLE_LABEL[user.role]}</div>
          <TimeZoneSwitch zone={zone} />
          <SignOutButton />
        </div>
      </CollapsibleNav>
    </nav>
  );
}
