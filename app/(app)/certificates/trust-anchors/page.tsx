import type { Metadata } from "next";
import Link from "next/link";
import { CertificatesNav } from "@/components/certificates/CertificatesNav";
import { type Column, DataTable } from "@/components/ui/DataTable";
import { FilterNote } from "@/components/ui/FilterNote";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import {
  listTrustAnchors,
  type TrustAnchorFilter,
  type TrustAnchorRow,
  trustAnchorFilter,
} from "@/lib/certificates/queries/trust-anchors";
import type { AnchorExpiry } from "@/lib/certificates/trust-anchor";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Trust anchors" };

const EXPIRY: Record<AnchorExpiry, { label: string; tone: string; text: string }> = {
  expired: { label: "expired", tone: "bad", text: "expired trust anchors" },
  expiring: { label: "expiring", tone: "warn", text: "trust anchors expiring within 90 days" },
  ok: { label: "ok", tone: "ok", text: "trust anchors valid for more than 90 days" },
};

type Href = (f: Partial<TrustAnchorFilter>) => string;

function columns(href: Href, filter: TrustAnchorFilter, zone: string): Column<TrustAnchorRow>[] {
  return [
    {
      key: "subject",
      header: "Subject",
      cell: (r) => (
        <>
          {r.commonName ?? r.subject}
          <div className="small muted mono" title="SHA-256 fingerprint">
            {r.fingerprintSha256.slice(0, 16)}…
          </div>
        </>
      ),
    },
    {
      key: "notAfter",
      header: `Expires (${zoneLabel(zone)})`,
      className: "small nowrap",
      cell: (r) => formatInstant(r.notAfter, zone),
    },
    {
      key: "state",
      header: "State",
      cell: (r) => <span className={`badge ${EXPIRY[r.expiry].tone}`}>{EXPIRY[r.expiry].label}</span>,
    },
    {
      key: "key",
      header: "Key",
      className: "small nowrap",
      cell: (r) => (
        <>
          {r.keyAlgorithm}
          {r.keySize ? ` ${r.keySize}` : ""}
          {r.weakKey ? <span className="badge warn">weak key</span> : null}
        </>
      ),
    },
    {
      key: "seenIn",
      header: "Seen in",
      className: "small",
      cell: (r) =>
        r.seenIn.map((s) => (
          <div key={`${s.cluster}|${s.source}|${s.where}`}>
            <Link href={href({ cluster: s.cluster, expiry: filter.expiry })} className="text-link">
              {s.cluster}
            </Link>
            : {s.where}
          </div>
        )),
    },
  ];
}

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s : undefined;
}

/** Self-signed CAs seen anywhere: their expiry and where they were seen (not part of the inventory). */
async function TrustAnchorsPage(
  { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> },
  _user: Principal,
) {
  const sp = await searchParams;
  const parsed = trustAnchorFilter.safeParse({
    cluster: first(sp.cluster),
    expiry: first(sp.expiry),
    page: first(sp.page),
  });
  const filter: TrustAnchorFilter = parsed.success ? parsed.data : trustAnchorFilter.parse({});
  const [list, zone] = await Promise.all([listTrustAnchors(filter), displayZone()]);
  const href: Href = (f) => {
    const q = new URLSearchParams();
    if (f.cluster) q.set("cluster", f.cluster);
    if (f.expiry) q.set("expiry", f.expiry);
    if (f.page && f.page > 1) q.set("page", String(f.page));
    const s = q.toString();
    return `/certificates/trust-anchors${s ? `?${s}` : ""}`;
  };
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <>
      <PageHeader
        title="Trust anchors"
        subtitle="Self-signed CA certificates seen in uploads, scans and exporters: not rotated, not in the inventory or its KPIs"
        actions={<CertificatesNav current="/certificates/trust-anchors" />}
      />
      <div className="stack">
        {(filter.cluster || filter.expiry) && (
          <FilterNote clearHref="/certificates/trust-anchors">
            {filter.expiry ? EXPIRY[filter.expiry].text : "trust anchors"}
            {filter.cluster ? ` seen in cluster ${filter.cluster}` : ""}
          </FilterNote>
        )}
        <section aria-label="Trust anchor expiry" className="grid grid-3">
          {(Object.keys(EXPIRY) as AnchorExpiry[]).map((k) => (
            <div key={k} className="card tile">
              <div className="label">
                {k === "expiring" ? "Expiring ≤ 90 d" : k === "ok" ? "Valid > 90 d" : "Expired"}
              </div>
              <div className={`value ${list.counts[k] && k !== "ok" ? `tone-${EXPIRY[k].tone}` : ""}`}>
                <Link href={href({ cluster: filter.cluster, expiry: k })}>{list.counts[k]}</Link>
              </div>
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="anchors-h">
          <h2 id="anchors-h">
            {list.total} trust anchor{list.total === 1 ? "" : "s"}, soonest expiry first
          </h2>
          <DataTable
            caption="Trust anchors"
            captionHidden
            rows={list.rows}
            rowKey={(r) => r.fingerprintSha256}
            columns={columns(href, filter, zone)}
            empty={`No trust anchor seen${filter.cluster ? ` in ${filter.cluster}` : ""}. Uploading a CA bundle (PEM) or a chain that includes its root adds them here.`}
          />
          {pages > 1 && (
            <p className="row small">
              {filter.page > 1 && <Link href={href({ ...filter, page: filter.page - 1 })}>Previous</Link>}
              <span className="muted">
                Page {filter.page} of {pages}
              </span>
              {filter.page < pages && <Link href={href({ ...filter, page: filter.page + 1 })}>Next</Link>}
            </p>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", TrustAnchorsPage);
