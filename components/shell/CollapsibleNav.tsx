"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";

/**
 * On narrow screens the sidebar is a top bar with a "Menu" button (the page's content comes first);
 * on wide screens the button is hidden and the links always show. Following a link closes the menu.
 */
export function CollapsibleNav({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const path = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing on every navigation is the point
  useEffect(() => setOpen(false), [path]);
  return (
    <>
      <div className="sidebar-top">
        {brand}
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={open}
          aria-controls="main-menu"
          onClick={() => setOpen((o) => !o)}
        >
          Menu
        </button>
      </div>
      <div id="main-menu" className="sidebar-body" data-open={open ? "true" : "false"}>
        {children}
      </div>
    </>
  );
}
