import { stringify } from "csv-stringify/sync";
import { READ } from "@/lib/auth/roles";
import { filterFromParams } from "@/lib/certificates/inventory-filter";
import { exportInventory } from "@/lib/certificates/queries/inventory";
import { apiRoute } from "@/lib/http/api";

// Certificate subjects come from anywhere; a cell starting with = + - @ would run as a spreadsheet formula.
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

// GET /api/v1/certificates/export?<the inventory filter> → CSV of every matching row (no paging).
export const GET = apiRoute(READ, async ({ url }) => {
  const rows = await exportInventory(filterFromParams(url.searchParams));
  const csv = stringify(
    rows.map((r) => ({
      cluster: r.cluster ?? "",
      namespace: r.namespace ?? "",
      name: cell(r.label),
      kind: r.kind,
      status: r.status,
      not_before: r.notBefore ?? "",
      not_after: r.notAfter,
      issuer: cell(r.issuer),
      subject: cell(r.subject),
      sans: cell(r.sans.join(" ")),
      key: r.keyAlgorithm ? `${r.keyAlgorithm}${r.keySize ? ` ${r.keySize}` : ""}` : "",
      signature: r.signatureAlgorithm ?? "",
      is_ca: r.isCA,
      weak: r.weak,
      long_lived: r.longLived,
      versions: r.versionCount,
      last_seen: r.lastSeenAt,
      seen_at: cell(r.seenIn.map((s) => `${s.source}: ${s.where}`).join("; ") || r.where),
      fingerprint_sha256: r.fingerprintSha256 ?? "",
    })),
    {
      header: true,
      columns: [
        "cluster",
        "namespace",
        "name",
        "kind",
        "status",
        "not_before",
        "not_after",
        "issuer",
        "subject",
        "sans",
        "key",
        "signature",
        "is_ca",
        "weak",
        "long_lived",
        "versions",
        "last_seen",
        "seen_at",
        "fingerprint_sha256",
      ],
      cast: { boolean: (b) => (b ? "yes" : "no") },
    },
  );
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="certificates-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
});
