import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { isWeak } from "../hygiene";
import type { Sighting } from "../mutations/certificates";
import { ANCHOR_EXPIRING_DAYS, type AnchorExpiry, anchorExpiryOf } from "../trust-anchor";

// The trust anchors Posture has seen (self-signed CAs: trust-anchor.ts), with their expiry and where they
// were seen: what trust-bundle owners (trust-manager, OS bundles, mesh roots) need to roll over in time.

export const trustAnchorFilter = z.object({
  cluster: z.string().trim().max(100).optional(),
  expiry: z.enum(["expired", "expiring", "ok"]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TrustAnchorFilter = z.infer<typeof trustAnchorFilter>;

export interface TrustAnchorRow {
  fingerprintSha256: string;
  subject: string;
  commonName: string | null;
  serial: string;
  notBefore: string;
  notAfter: string;
  expiry: AnchorExpiry;
  keyAlgorithm: string;
  keySize: number | null;
  /** RSA < 2048 bits or DSA; the self-signature's algorithm does not count for a trust anchor. */
  weakKey: boolean;
  signatureAlgorithm: string;
  seenIn: Sighting[];
  firstSeenAt: string;
  lastSeenAt: string;
}

const EXPIRY_SQL: Record<AnchorExpiry, string> = {
  expired: `"notAfter" < $1`,
  expiring: `"notAfter" >= $1 AND "notAfter" < $1 + make_interval(days => ${ANCHOR_EXPIRING_DAYS})`,
  ok: `"notAfter" >= $1 + make_interval(days => ${ANCHOR_EXPIRING_DAYS})`,
};

/** Trust anchors by expiry (soonest first), with counts per expiry state for the same cluster. */
export async function listTrustAnchors(f: TrustAnchorFilter, now = new Date()) {
  const sql = sqlOfPg(pool());
  const scope = `"trustAnchor" AND ($2::text IS NULL OR "seenIn" @> jsonb_build_array(jsonb_build_object('cluster', $2::text)))`;
  const [rows, counts] = await Promise.all([
    sql.query<
      Omit<TrustAnchorRow, "notBefore" | "notAfter" | "firstSeenAt" | "lastSeenAt" | "expiry" | "weakKey"> & {
        notBefore: Date;
        notAfter: Date;
        firstSeenAt: Date;
        lastSeenAt: Date;
      }
    >(
      `SELECT "fingerprintSha256", subject, "commonName", serial, "notBefore", "notAfter", "keyAlgorithm", "keySize",
              "signatureAlgorithm", "seenIn", "firstSeenAt", "lastSeenAt"
         FROM certificate WHERE ${scope} ${f.expiry ? `AND ${EXPIRY_SQL[f.expiry]}` : "AND $1::timestamptz IS NOT NULL"}
        ORDER BY "notAfter", "fingerprintSha256" LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
      [now, f.cluster ?? null],
    ),
    sql.query<Record<AnchorExpiry, number>>(
      `SELECT count(*) FILTER (WHERE ${EXPIRY_SQL.expired})::int AS expired,
              count(*) FILTER (WHERE ${EXPIRY_SQL.expiring})::int AS expiring,
              count(*) FILTER (WHERE ${EXPIRY_SQL.ok})::int AS ok
         FROM certificate WHERE ${scope}`,
      [now, f.cluster ?? null],
    ),
  ]);
  const c = counts[0];
  return {
    rows: rows.map(
      (r): TrustAnchorRow => ({
        ...r,
        notBefore: r.notBefore.toISOString(),
        notAfter: r.notAfter.toISOString(),
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        expiry: anchorExpiryOf(r.notAfter, now),
        weakKey: isWeak({ ...r, trustAnchor: true }),
      }),
    ),
    counts: c,
    total: f.expiry ? c[f.expiry] : c.expired + c.expiring + c.ok,
    page: f.page,
    pageSize: f.pageSize,
    expiringDays: ANCHOR_EXPIRING_DAYS,
    now: now.toISOString(),
  };
}
