// Where to go after signing in: a path on this site, never another site. Browsers read "/\evil.example"
// and "/\t/evil.example" as "//evil.example" (a host), so the test is the browser's own: resolve the value
// against our origin and keep it only when the origin did not change.
const BASE = "http://posture.invalid";

export function safeNext(next: string | null | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048) return "/";
  // Control characters and backslashes have no business in a path of ours; browsers strip or flip them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
