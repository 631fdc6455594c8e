// The one time zone every time on screen is shown in: UTC, or the zone the user picked (their browser's),
// remembered in a cookie so server-rendered pages and client components agree, and named beside the times.
// Pure (Intl only), so server and browser format alike.

export const TZ_COOKIE = "posture_tz";
export const UTC = "UTC";

/** The zone if Intl knows it (an IANA name such as Europe/Berlin), otherwise UTC. */
export function validZone(zone: string | null | undefined): string {
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return UTC;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return UTC;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a zone. */
function wall(ms: number, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, zone: string): number {
  const w = wall(ms, zone);
  return Date.UTC(+w.y, +w.mo - 1, +w.d, +w.h, +w.mi, +w.s) - (ms - (((ms % 1000) + 1000) % 1000));
}

const toMs = (t: Date | string | number) => (t instanceof Date ? t.getTime() : new Date(t).getTime());

/**
 * "2026-11-30 11:02" in the zone (with `seconds`, "…:02:09"; with `millis`, "…:02:09.123"), followed by
 * the zone's name when `label` is set.
 */
export function formatInstant(
  t: Date | string | number,
  zone: string,
  opts: { seconds?: boolean; millis?: boolean; label?: boolean } = {},
): string {
  const ms = toMs(t);
  if (Number.isNaN(ms)) return "—";
  const w = wall(ms, zone);
  let out = `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}`;
  if (opts.seconds || opts.millis) out += `:${w.s}`;
  if (opts.millis) out += `.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}`;
  return opts.label ? `${out} ${zoneLabel(zone, ms)}` : out;
}

/** The value of an <input type="datetime-local"> showing the instant in the zone ("YYYY-MM-DDTHH:mm"). */
export function toZonedInput(t: Date | string | null | undefined, zone: string): string {
  if (!t) return "";
  const ms = toMs(t);
  return Number.isNaN(ms) ? "" : formatInstant(ms, zone).replace(" ", "T");
}

/** The instant (ISO) a datetime-local value means in the zone; "" for an empty or unreadable value. */
export function fromZonedInput(v: string, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) return "";
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // The offset depends on the instant; a second look settles daylight-saving edges (a wall time that
  // happens twice when the clocks go back is read as the later one).
  let ms = asUtc - offsetAt(asUtc, zone);
  ms = asUtc - offsetAt(ms, zone);
  return new Date(ms).toISOString();
}

/** The zone's name as shown beside times: "UTC", or "Europe/Berlin (UTC+01:00)" at that instant. */
export function zoneLabel(zone: string, at: Date | number = Date.now()): string {
  if (zone === UTC) return UTC;
  const off = Math.round(offsetAt(toMs(at), zone) / 60_000);
  const sign = off < 0 ? "−" : "+";
  const a = Math.abs(off);
  return `${zone} (UTC${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")})`;
}
