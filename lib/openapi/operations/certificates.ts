// The certificate inventory, its CSV export, trust anchors and lineages.
import { CSV, errors, type Operation, operationsOf, PAGING, params } from "./shape";

const certificates = operationsOf("Certificates");

export const CERTIFICATE_OPERATIONS: Operation[] = [
  certificates.read(
    "listCertificates",
    "/api/v1/certificates",
    "The certificate inventory (filtered, sorted, paged)",
    {
      query: [
        ...params(
          ["cluster", "Cluster name"],
          ["namespace", "Namespace"],
          ["status", "expired, expiring7d, expiring30d, weak, longLived…"],
          ["q", "Free text (subject, SAN, issuer)"],
          ["sort", "Sort column"],
          ["facets", "1 to include the filter facets"],
        ),
        ...PAGING,
      ],
    },
  ),
  certificates.read(
    "exportCertificates",
    "/api/v1/certificates/export",
    "The inventory as CSV (same filters)",
    {
      responses: CSV,
    },
  ),
  certificates.read(
    "listTrustAnchors",
    "/api/v1/certificates/trust-anchors",
    "Trust anchors (self-signed CAs): expiry and where they were seen; not part of the inventory or its KPIs",
    {
      query: [
        ...params(
          ["cluster", "Only anchors seen in this cluster"],
          ["expiry", "expired, expiring (within 90 days) or ok"],
        ),
        ...PAGING,
      ],
      errors: errors(),
    },
  ),
  certificates.read(
    "getLineage",
    "/api/v1/certificates/lineages/{id}",
    "A certificate lineage with its versions and rotation outcomes",
    { errors: errors("404") },
  ),
];
