// Certificate hygiene over the current inventory (docs/kpis.md, certificate hygiene). Pure; lib/certificates/kpi.ts applies
// the same rules in SQL, and a test checks the two agree.

const DAY_MS = 86_400_000;
export const DEFAULT_MAX_LIFETIME_DAYS = 90;

export interface HygieneInput {
  notBefore: Date | null;
  notAfter: Date;
  keyAlgorithm: string | null;
  keySize: number | null;
  signatureAlgorithm: string | null;
  isCA: boolean;
  reportedExpired: boolean;
  lastSeenAt: Date;
}

/** RSA < 2048 bits or DSA. */
export function isWeakKey(c: Pick<HygieneInput, "keyAlgorithm" | "keySize">): boolean {
  const alg = (c.keyAlgorithm ?? "").toUpperCase();
  if (alg.startsWith("RSA") && c.keySize !== null && c.keySize < 2048) return true;
  return alg === "DSA";
}

/**
 * A weak key, or a SHA-1/MD5 (or MD2) signature. A trust anchor's self-signature is never checked
 * (RFC 5280 §6.1), so for one only the key counts (lib/certificates/trust-anchor.ts).
 */
export function isWeak(
  c: Pick<HygieneInput, "keyAlgorithm" | "keySize" | "signatureAlgorithm"> & { trustAnchor?: boolean },
): boolean {
  if (isWeakKey(c)) return true;
  return !c.trustAnchor && /sha1|sha-1|md5|md2/i.test(c.signatureAlgorithm ?? "");
}

export function isLongLived(
  c: Pick<HygieneInput, "isCA" | "notBefore" | "notAfter">,
  maxDays = DEFAULT_MAX_LIFETIME_DAYS,
): boolean {
  if (c.isCA || !c.notBefore) return false;
  return c.notAfter.getTime() - c.notBefore.getTime() > maxDays * DAY_MS;
}

/** notAfter < now, and the source reported it expired or it was seen after its notAfter. */
export function isExpired(
  c: Pick<HygieneInput, "notAfter" | "reportedExpired" | "lastSeenAt">,
  now: Date,
): boolean {
  return (
    c.notAfter.getTime() < now.getTime() &&
    (c.reportedExpired || c.lastSeenAt.getTime() > c.notAfter.getTime())
  );
}

/** now ≤ notAfter < now + days. */
export function expiresWithin(c: Pick<HygieneInput, "notAfter">, now: Date, days: number): boolean {
  const t = c.notAfter.getTime();
  return t >= now.getTime() && t < now.getTime() + days * DAY_MS;
}

export type CertStatus = "expired" | "lapsed" | "expiring7d" | "expiring30d" | "valid";

/** One status for the inventory table; "lapsed" = past notAfter but not seen since (not counted as expired). */
export function statusOf(
  c: Pick<HygieneInput, "notAfter" | "reportedExpired" | "lastSeenAt">,
  now: Date,
): CertStatus {
  if (isExpired(c, now)) return "expired";
  if (c.notAfter.getTime() < now.getTime()) return "lapsed";
  if (expiresWithin(c, now, 7)) return "expiring7d";
  if (expiresWithin(c, now, 30)) return "expiring30d";
  return "valid";
}

export interface HygieneCounts {
  total: number;
  expired: number;
  expiring7d: number;
  expiring30d: number;
  weak: number;
  longLived: number;
}

export function hygieneCounts(
  current: HygieneInput[],
  now: Date,
  maxDays = DEFAULT_MAX_LIFETIME_DAYS,
): HygieneCounts {
  const out: HygieneCounts = { total: 0, expired: 0, expiring7d: 0, expiring30d: 0, weak: 0, longLived: 0 };
  for (const c of current) {
    out.total++;
    if (isExpired(c, now)) out.expired++;
    if (expiresWithin(c, now, 7)) out.expiring7d++;
    if (expiresWithin(c, now, 30)) out.expiring30d++;
    if (isWeak(c)) out.weak++;
    if (isLongLived(c, maxDays)) out.longLived++;
  }
  return out;
}
