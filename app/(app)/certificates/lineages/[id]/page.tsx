import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutcomeBadge } from "@/components/certificates/StatusBadge";
import { LineageTimelineChart } from "@/components/charts/certificates-lineage";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { lineageDetail } from "@/lib/certificates/queries";

export const metadata: Metadata = { title: "Certificate lineage" };

const t = (iso: string | null) => (iso ? iso.slice(0, 19).replace("T", " ") : "—");

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

async function LineagePage({ params }: { params: Promise<{ id: string }> }, _user: Principal) {
  const { id } = await params;
  const d = await lineageDetail(id);
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
            <LineageTimelineChart bars={bars} now={now} />
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
        <section className="card" aria-labelledby="versions-h">
          <h2 id="versions-h">Versions and rotation outcomes</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Not before (UTC)</th>
                  <th>Not after (UTC)</th>
                  <th>Deadline (UTC)</th>
                  <th className="num">Grace</th>
                  <th>Next version from</th>
                  <th className="num">vs deadline</th>
                  <th>Outcome</th>
                  <th>State</th>
                  <th>Seen</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <td className="mono small">
                      {v.revision !== null ? `revision ${v.revision}` : v.versionKey.slice(0, 19)}
                      <div className="muted">{v.source}</div>
                    </td>
                    <td className="small">{t(v.notBefore)}</td>
                    <td className="small">{t(v.notAfter)}</td>
                    <td className="small">{t(v.deadline)}</td>
                    <td className="num small">
                      {v.graceSeconds === null ? "—" : `${Math.round(v.graceSeconds / 60)} min`}
                    </td>
                    <td className="small">{t(v.successorNotBefore)}</td>
                    <td className="num small">{duration(v.latenessSeconds)}</td>
                    <td>
                      <OutcomeBadge outcome={v.outcome} />
                    </td>
                    <td className="small">
                      {v.ready ? `Ready=${v.ready}${v.readyReason ? ` (${v.readyReason})` : ""}` : "—"}
                      {v.issuing && <div className="muted">issuing</div>}
                    </td>
                    <td className="small">
                      {t(v.firstSeenAt)} → {t(v.lastSeenAt)}
                      {v.seenIn.map((p) => (
                        <div key={`${p.cluster}|${p.source}|${p.where}`} className="muted">
                          {p.source}: {p.where}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        {versions.some((v) => v.fingerprintSha256) && (
          <section className="card" aria-labelledby="x509-h">
            <h2 id="x509-h">X.509 details</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Serial</th>
                    <th>SHA-256 fingerprint</th>
                    <th>Key</th>
                    <th>Signature</th>
                  </tr>
                </thead>
                <tbody>
                  {versions
                    .filter((v) => v.fingerprintSha256)
                    .map((v) => (
                      <tr key={v.id}>
                        <td className="mono small">{v.serial ?? "—"}</td>
                        <td className="mono small" style={{ overflowWrap: "anywhere" }}>
                          {v.fingerprintSha256}
                        </td>
                        <td className="small">
                          {v.keyAlgorithm ?? "?"} {v.keySize ?? ""}
                        </td>
                        <td className="small">{v.signatureAlgorithm ?? "—"}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </>
  );
}

export default securePage("read", LineagePage);
