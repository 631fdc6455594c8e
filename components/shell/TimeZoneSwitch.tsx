"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { TZ_COOKIE, UTC } from "@/lib/time/zone";

/**
 * Shows every time in UTC or in the browser's zone. The choice is a cookie (a year), so the server renders
 * pages in it and it is remembered on this browser; the page re-renders at once.
 */
export function TimeZoneSwitch({ zone }: { zone: string }) {
  const router = useRouter();
  const id = useId();
  const [browser, setBrowser] = useState<string | null>(null);
  useEffect(() => setBrowser(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const choices = [
    UTC,
    ...(browser && browser !== UTC ? [browser] : []),
    ...(zone !== UTC && zone !== browser ? [zone] : []),
  ];
  return (
    <div className="tz-switch">
      <label htmlFor={id}>Times in</label>
      <select
        id={id}
        value={zone}
        onChange={(e) => {
          // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie the server reads
          document.cookie = `${TZ_COOKIE}=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        {choices.map((z) => (
          <option key={z} value={z}>
            {z === UTC ? "UTC" : z === browser ? `${z} (this browser)` : z}
          </option>
        ))}
      </select>
    </div>
  );
}
