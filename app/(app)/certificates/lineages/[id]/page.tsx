import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LineageFacts } from "@/components/certificates/LineageFacts";
import { OutcomeBadge } from "@/components/certificates/StatusBadge";
import { LineageTimelineChart } from "@/components/charts/certificates-lineage";
import { type Column, DataTable } from "@/components/ui/DataTable";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { type LineageVersion, lineageDetail } from "@/lib/certificates/queries/inventory";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Certificate lineage" };

function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  const sign = seconds < 0 ? "−" : "+";
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  return `${sign}${d ? `${d} d ` : ""}${h ? `${h} h ` : ""}${m} min`;
}

const KIND: Record<string, string> = {
  "cert-manager": "cert-manager Certificate",
  spiffe: "SPIFFE ID",
  dn: "issuer + subject + SANs",
};

type Version = LineageVersion;

/** The versions table, its instants in the display zone (named in the headers). */
function versionColumns(zone: string): Column<Version>[] {
  const t = (iso: string | null) => (iso ? formatInstant(iso, zone, { seconds: true }) : "—");
  const z = zoneLabel(zone);
  return [
    {
      key: "version",
      header: "Version",
      className: "mono small",
      cell: (v) => (
        <>
          {v.revision !== null ? `revision ${v.revision}` : v.versionKey.slice(0, 19)}
          <div className="muted">{v.source}</div>
        </>
      ),
    },
    { key: "nb", header: `Not before (${z})`, className: "small", cell: (v) => t(v.notBefore) },
    { key: "na", header: `Not after (${z})`, className: "small", cell: (v) => t(v.notAfter) },
    { key: "deadline", header: `Deadline (${z})`, className: "small", cell: (v) => t(v.deadline) },
    {
      key: "grace",
      header: "Grace",
      numeric: true,
      className: "small",
      cell: (v) => (v.graceSeconds === null ? "—" : `${Math.round(v.graceSeconds / 60)} min`),
    },
    {
      key: "next",
      header: `Next version from (${z})`,
      className: "small",
      cell: (v) => t(v.successorNotBefore),
    },
    {
      key: "late",
      header: "vs deadline",
      numeric: true,
      className: "small",
      cell: (v) => duration(v.latenessSeconds),
    },
    { key: "outcome", header: "Outcome", cell: (v) => <OutcomeBadge outcome={v.outcome} /> },
    {
      key: "state",
      header: "State",
      className: "small",
      cell: (v) => (
        <>
          {v.ready ? `Ready=${v.ready}${v.readyReason ? ` (${v.readyReason})` : ""}` : "—"}
          {v.issuing && <div className="muted">issuing</div>}
        </>
      ),
    },
    {
      key: "seen",
      header: `Seen (${z})`,
      className: "small",
      cell: (v) => (
        <>
          {t(v.firstSeenAt)} → {t(v.lastSeenAt)}
          {v.seenIn.map((p) => (
            <div key={`${p.cluster}|${p.source}|${p.where}`} className="muted">
              {p.source}: {p.where}
            </div>
          ))}
        </>
      ),
    },
  ];
}

const X509_COLUMNS: Column<Version>[] = [
  { key: "serial", header: "Serial", className: "mono small", cell: (v) => v.serial ?? "—" },
  {
    key: "fp",
    header: "SHA-256 fingerprint",
    className: "mono small wrap-any",
    cell: (v) => v.fingerprintSha256,
  },
  {
    key: "key",
    header: "Key",
    className: "small",
    cell: (v) => `${v.keyAlgorithm ?? "?"} ${v.keySize ?? ""}`,
  },
  { key: "sig", header: "Signature", className: "small", cell: (v) => v.signatureAlgorithm ?? "—" },
];

async function LineagePage({ params }: { params: Promise<{ id: string }> }, _user: Principal) {
  const { id } = await params;
  const [d, zone] = await Promise.all([lineageDetail(id), displayZone()]);
  if (!d) notFound();
  const { lineage: l, versions } = d;
  const now = Date.parse(d.now);
  const bars = versions
    .filter((v) => v.notBefore)
    .map((v) => ({
      name: v.revision !== null ? `rev ${v.revision}` : (v.serial?.slice(0, 8) ?? v.versionKey.slice(3, 11)),
      start: Date.parse(v.notBefore as string),
      end: Date.parse(v.notAfter),
      deadline: v.deadline ? Date.parse(v.deadline) : null,
      outcome: v.outcome,
    }));
  return (
    <>
      <PageHeader
        title={l.label || "(no name)"}
        subtitle={
          <>
            <Link href="/certificates">Certificates</Link> · {l.cluster ?? "no cluster"}
            {l.namespace ? ` / ${l.namespace}` : ""} · lineage by {KIND[l.kind] ?? l.kind}
          </>
        }
      />
      <div className="stack">
        <section className="card" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Versions on a time axis</h2>
          {bars.length ? (
            <LineageTimelineChart bars={bars} now={now} zone={zone} />
          ) : (
            <p className="muted">
              No version has a known notBefore, so no lifetime or rotation can be drawn.
            </p>
          )}
          <p className="small muted">
            Bars: validity (notBefore → notAfter), green on time, amber late, red missed/overdue, blue not yet
            due. Diamonds: renewal deadline. A rotation is on time when the next version starts by deadline +
            grace (min(1 h, lifetime/10)).
          </p>
        </section>
        {d.facts && <LineageFacts f={d.facts} zone={zone} />}
        <section className="card" aria-labelledby="versions-h">
          <h2 id="versions-h">Versions and rotation outcomes</h2>
          <DataTable<Version>
            caption="Versions and rotation outcomes"
            captionHidden
            rows={versions}
            rowKey={(v) => v.id}
            columns={versionColumns(zone)}
          />
        </section>
        {versions.some((v) => v.fingerprintSha256) && (
          <section className="card" aria-labelledby="x509-h">
            <h2 id="x509-h">X.509 details of every version</h2>
            <DataTable<Version>
              caption="X.509 details of every version"
              captionHidden
              rows={versions.filter((v) => v.fingerprintSha256)}
              rowKey={(v) => v.id}
              columns={X509_COLUMNS}
            />
          </section>
        )}
      </div>
    </>
  );
}

export default securePage("read", LineagePage);
