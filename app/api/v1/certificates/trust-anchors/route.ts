import { READ } from "@/lib/auth/roles";
import { listTrustAnchors, trustAnchorFilter } from "@/lib/certificates/queries/trust-anchors";
import { apiRoute } from "@/lib/http/api";

// GET /api/v1/certificates/trust-anchors?cluster&expiry=expired|expiring|ok&page&pageSize
// Self-signed CAs seen in uploads, scans and exporters (docs/certificates.md#trust-anchors): not part of
// the inventory or its KPIs; listed with their expiry and where they were seen.
export const GET = apiRoute(READ, async ({ url }) => {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v.trim() !== ""));
  return listTrustAnchors(trustAnchorFilter.parse(raw));
});
