// A delivery as the centre's ingest formats read it (docs/ingest-formats.md), in an envelope without a
// cluster: the cluster is the ingest token's default, so an agent cannot write into another cluster.
//   listing  → the API server's typed List (CertificateList, PolicyReportList, …) without `continue`: for
//              policy reports that is the cluster's full listing, so reports it no longer holds are removed;
//   changes  → policy reports: the watch events themselves ({type, object}; DELETED removes the report);
//              Certificates: the changed objects (the inventory keeps what it has seen, so a deleted
//              Certificate is not sent: it simply stops being seen).
import type { Delivery } from "./outbox";
import type { ServedResource } from "./resources";

export function deliveryBody(r: ServedResource, d: Delivery, source: string): string | null {
  const envelope = (payload: unknown, at: Date) =>
    JSON.stringify({ collectedAt: at.toISOString(), source, payload });
  if (d.kind === "listing")
    return envelope(
      {
        apiVersion: `${r.group}/${r.version}`,
        kind: `${r.kind}List`,
        metadata: {},
        items: d.listing.items,
      },
      d.listing.at,
    );
  const at = d.changes[d.changes.length - 1].at;
  if (r.format === "policyreport")
    return envelope(
      d.changes.map((c) => ({ type: c.type, object: c.object })),
      at,
    );
  const items = d.changes.filter((c) => c.type !== "DELETED").map((c) => c.object);
  return items.length ? envelope({ items }, at) : null;
}
