// A byte count for people: binary steps with the unit written out ("5,287 B" stays bytes, never "0.0 MB").

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** The unit a count of `n` bytes reads best in, and its divisor (so a progress bar keeps one unit). */
export function byteUnit(n: number): { unit: (typeof UNITS)[number]; divisor: number } {
  let i = 0;
  while (n >= 1024 ** (i + 1) && i < UNITS.length - 1) i++;
  return { unit: UNITS[i], divisor: 1024 ** i };
}

/** "5287 B", "3.2 MiB", "740 KiB": one decimal below 10 of a unit larger than bytes. */
export function formatBytes(n: number, unit = byteUnit(n)): string {
  const v = n / unit.divisor;
  return `${unit.divisor === 1 ? Math.round(v) : v.toFixed(v < 10 ? 1 : 0)} ${unit.unit}`;
}
