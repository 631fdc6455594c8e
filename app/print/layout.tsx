import type { ReactNode } from "react";

export const dynamic = "force-dynamic";

/** The report as printed: no navigation, white paper, the same components as the web view. */
export default function PrintLayout({ children }: { children: ReactNode }) {
  return <main className="print-sheet">{children}</main>;
}
