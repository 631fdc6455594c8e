// Go's time.Duration string form ("2160h0m0s", "1h30m", "90m", "1.5h", "300ms"), as cert-manager
// writes spec.duration and spec.renewBefore. Go has no "d" unit; we refuse it rather than guess.
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Seconds, or null when the string is not a Go duration. */
export function parseGoDuration(s: string): number | null {
  const str = s.trim();
  if (str === "0") return 0;
  const m = /^([+-])?((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(str);
  if (!m) return null;
  let total = 0;
  for (const part of str.replace(/^[+-]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNIT_SECONDS[part[2]];
  }
  return m[1] === "-" ? -total : total;
}

/** The inverse, in Go's canonical form for whole seconds ("720h0m0s"). */
export function formatGoDuration(seconds: number): string {
  const neg = seconds < 0;
  let s = Math.abs(Math.round(seconds));
  if (s === 0) return "0s";
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
  return neg ? `-${out}` : out;
}
