import type { ReactNode } from "react";
import type { Principal } from "@/lib/auth/principal";
import { demoState } from "@/lib/demo";
import { displayZone } from "@/lib/time/server";
import { QueryProvider } from "./QueryProvider";
import { Sidebar } from "./Sidebar";

/**
 * The signed-in frame of every page: skip link, navigation, the demo-data banner and the query client.
 * Used by app/(app)/layout.tsx and by app/not-found.tsx (an unknown address still shows the app around
 * the message when someone is signed in).
 */
export async function AppShell({ user, children }: { user: Principal; children: ReactNode }) {
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
