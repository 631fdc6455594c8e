import type { Metadata } from "next";
import Link from "next/link";
import { CertificatesNav } from "@/components/certificates/CertificatesNav";
import { InventoryTable } from "@/components/certificates/InventoryTable";
import { UploadForm } from "@/components/certificates/UploadForm";
import { ExpiryTimelineChart } from "@/components/charts/certificates-expiry";
import { EmptyState } from "@/components/ui/EmptyState";
import { FilterNote } from "@/components/ui/FilterNote";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { filterFromParams, type InventoryFilter } from "@/lib/certificates/inventory-filter";
import { hygieneKpi, rotationKpi } from "@/lib/certificates/kpi";
import { expiryTimeline, inventoryFacets, listInventory } from "@/lib/certificates/queries/inventory";
import { displayZone } from "@/lib/time/server";
import { formatInstant } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Certificates" };

const DAY = 86_400_000;
const STATUS_TEXT: Record<string, string> = {
  expired: "expired certificates still in use",
  lapsed: "certificates past their expiry that are no longer seen",
  expiring7d: "certificates expiring within 7 days",
  expiring30d: "certificates expiring within 30 days",
  valid: "valid certificates",
  weak: "certificates with weak keys or signatures",
  longLived: "long-lived certificates",
};

async function CertificatesPage(
  {
    searchParams,
  }: {
    searchParams: Promise<Record<string, string | string[] | undefined>>;
  },
  user: Principal,
) {
  const mayUpload = can(user.role, "operate");
  const sp = await searchParams;
  let filter: InventoryFilter;
  try {
    filter = filterFromParams(sp);
  } catch {
    filter = filterFromParams({});
  }
  const now = new Date();
  const scope = { from: new Date(now.getTime() - 30 * DAY), to: now, cluster: filter.cluster ?? null, now };
  const [list, facets, hygiene, rotation, timeline, zone] = await Promise.all([
    listInventory(filter, now),
    inventoryFacets(),
    hygieneKpi(scope),
    rotationKpi(scope),
    expiryTimeline(now, filter.cluster ?? null),
    displayZone(),
  ]);
  const header = (
    <PageHeader
      title="Certificates"
      subtitle={`Workload and gateway certificates, their lineages and rotations${filter.cluster ? ` · cluster ${filter.cluster}` : ""}`}
      actions={<CertificatesNav current="/certificates" />}
    />
  );
  if (facets.clusters.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          title="No certificates yet"
          example={`curl -H "Authorization: Bearer $TOKEN" --data-binary @certificates.json \\\n  "$POSTURE_URL/api/v1/ingest/certificates?format=cert-manager&cluster=eu-west-prod"`}
        >
          This page shows rotation on schedule, expired and expiring certificates, weak keys and long-lived
          certificates per cluster. Send PEM bundles, cert-manager Certificate lists or x509-exporter metrics,
          or add a kubernetes or tls-endpoints source.
        </EmptyState>
      </>
    );
  }
  const tileHref = (status: string) =>
    `/certificates?${new URLSearchParams({ ...(filter.cluster ? { cluster: filter.cluster } : {}), status })}`;
  const tiles: { label: string; value: string; sub: string; href?: string; tone?: string }[] = [
    {
      label: "Rotated on schedule",
      value: rotation.percent === null ? "—" : `${rotation.percent.toFixed(1)} %`,
      sub: `${rotation.onTime} of ${rotation.due} due in the last 30 d · ${rotation.late} late · ${rotation.missed} missed · ${rotation.overdue} overdue`,
      href: `/certificates/rotations?${new URLSearchParams({ from: scope.from.toISOString(), to: now.toISOString(), ...(filter.cluster ? { cluster: filter.cluster } : {}) })}`,
    },
    {
      label: "Expired",
      value: String(hygiene.expired),
      sub: "past notAfter and still seen",
      href: tileHref("expired"),
      tone: hygiene.expired ? "bad" : "",
    },
    {
      label: "Expiring ≤ 7 d",
      value: String(hygiene.expiring7d),
      sub: "not yet expired",
      href: tileHref("expiring7d"),
      tone: hygiene.expiring7d ? "bad" : "",
    },
    {
      label: "Expiring ≤ 30 d",
      value: String(hygiene.expiring30d),
      sub: "includes the 7-day ones",
      href: tileHref("expiring30d"),
    },
    {
      label: "Weak",
      value: String(hygiene.weak),
      sub: "RSA < 2048, DSA, SHA-1/MD5",
      href: tileHref("weak"),
      tone: hygiene.weak ? "warn" : "",
    },
    {
      label: "Long-lived",
      value: String(hygiene.longLived),
      sub: "non-CA, lifetime > 90 d",
      href: tileHref("longLived"),
    },
  ];
  return (
    <>
      {header}
      <div className="stack">
        {filter.status && (
          <FilterNote
            clearHref={
              filter.cluster ? `/certificates?cluster=${encodeURIComponent(filter.cluster)}` : "/certificates"
            }
          >
            {STATUS_TEXT[filter.status]}
            {filter.cluster ? ` in cluster ${filter.cluster}` : ""} (the list below)
          </FilterNote>
        )}
        <section aria-label="Certificate KPIs" className="grid cert-tiles">
          {tiles.map((t) => (
            <div key={t.label} className="card tile">
              <div className="label">{t.label}</div>
              <div className={`value ${t.tone ? `tone-${t.tone}` : ""}`}>
                {t.href ? <Link href={t.href}>{t.value}</Link> : t.value}
              </div>
              <div className="sub">{t.sub}</div>
            </div>
          ))}
        </section>
        <p className="small muted flush">
          Over {hygiene.total} current certificates (the newest version of each lineage; one entry per
          certificate, whichever sources saw it) as of {formatInstant(now, zone, { label: true })}.
          Self-signed CAs are{" "}
          <Link href="/certificates/trust-anchors" className="text-link">
            trust anchors
          </Link>
          , listed apart.
        </p>
        <section className="card" aria-labelledby="expiry-h">
          <h2 id="expiry-h">Expiry timeline</h2>
          <ExpiryTimelineChart data={timeline} />
        </section>
        <InventoryTable initial={list} filter={filter} facets={facets} zone={zone} />
        {mayUpload && <UploadForm clusters={facets.clusters} />}
      </div>
    </>
  );
}

export default securePage("read", CertificatesPage);
