import type { ReactNode } from "react";
import { QueryProvider } from "@/components/shell/QueryProvider";
import { Sidebar } from "@/components/shell/Sidebar";
import { requireUser } from "@/lib/auth/session";
import { demoState } from "@/lib/demo";
import { displayZone } from "@/lib/time/server";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("read");
  const [demo, zone] = await Promise.all([demoState(), displayZone()]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar user={user} zone={zone} />
      <main className="main" id="main">
        {demo.loaded && (
          <div className="banner" role="note">
            <strong>DEMO DATA.</strong> This instance shows invented demo data (three clusters, an intrusion
            story with its alerts, certificates, policy decisions, mesh traffic and risks). Remove it with{" "}
            <code>npm run posture -- demo wipe</code>.
          </div>
        )}
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
