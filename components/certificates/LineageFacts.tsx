import Link from "next/link";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import type { LineageFacts as Facts } from "@/lib/certificates/queries/lineage-facts";
import { formatInstant } from "@/lib/time/zone";

/**
 * The current certificate's own facts (names, serial, fingerprint, key), its issuer chain as far as the
 * inventory knows it, where it was seen, and the findings and risks that concern it.
 */
export function LineageFacts({ f, zone }: { f: Facts; zone: string }) {
  // The date of an instant in the display zone.
  const day = (iso: string | null) => (iso ? formatInstant(iso, zone).slice(0, 10) : "—");
  const open = f.findings.filter((x) => !x.resolvedAt);
  return (
    <div className="grid grid-2 lineage-facts">
      <section className="card" aria-labelledby="facts-h">
        <h2 id="facts-h">Current certificate</h2>
        <dl className="facts">
          <dt>Subject</dt>
          <dd className="mono">{f.subject || "(empty: identified by its SANs)"}</dd>
          <dt>SANs</dt>
          <dd>
            {f.sans.length ? (
              <ul className="plain mono">
                {f.sans.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            ) : (
              "none"
            )}
          </dd>
          <dt>Serial</dt>
          <dd className="mono">{f.serial ?? "—"}</dd>
          <dt>SHA-256 fingerprint</dt>
          <dd className="mono">{f.fingerprintSha256 ?? "— (reported without the certificate itself)"}</dd>
          <dt>Key</dt>
          <dd>
            {f.keyAlgorithm ?? "unknown"}
            {f.keySize ? ` ${f.keySize} bit` : ""}
            {f.keyCurve ? ` (${f.keyCurve})` : ""}
            {f.isCA ? " · CA" : ""}
          </dd>
          <dt>Signature</dt>
          <dd>{f.signatureAlgorithm ?? "—"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="chain-h">
        <h2 id="chain-h">Issuer chain</h2>
        <ol className="chain">
          {f.issuerChain.map((l, i) => (
            <li key={l.fingerprintSha256 ?? `issuer ${l.subject}`}>
              <span className="mono">{l.subject || "(this certificate)"}</span>{" "}
              {l.fingerprintSha256 ? (
                <span className="small muted">
                  {i === 0 ? "this certificate" : l.trustAnchor ? "" : "in the inventory"}
                  {l.trustAnchor && <Link href="/certificates/trust-anchors">trust anchor</Link>} · until{" "}
                  {day(l.notAfter)}
                  {l.selfSigned ? " · self-signed root" : ""}
                </span>
              ) : (
                <span className="badge warn">not in the inventory</span>
              )}
            </li>
          ))}
        </ol>
        <h3 className="section-gap">Where it was seen</h3>
        <ul className="plain seen-in">
          {f.seenIn.map((s) => (
            <li key={`${s.cluster}|${s.where}`}>
              <strong>{s.cluster ?? "no cluster"}</strong> · {s.where}
              {s.lastSeenAt && (
                <span className="small muted">
                  {" "}
                  · last seen {formatInstant(s.lastSeenAt, zone, { label: true })}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card span-all" aria-labelledby="related-h">
        <h2 id="related-h">Findings and risks</h2>
        <p className="small muted">
          {open.length} open finding{open.length === 1 ? "" : "s"} · {f.risks.length} related risk
          {f.risks.length === 1 ? "" : "s"}
        </p>
        {f.findings.length === 0 ? (
          <p className="muted">No finding about this certificate.</p>
        ) : (
          <ul className="plain">
            {f.findings.map((x) => (
              <li key={x.id}>
                <SeverityBadge s={x.severity} /> {x.ruleLabel}{" "}
                <span className="small muted">
                  {x.resolvedAt ? `resolved ${day(x.resolvedAt)}` : "open"}
                  {x.incidentId && (
                    <>
                      {" · "}
                      <Link href={`/incidents/${x.incidentId}`}>incident #{x.incidentNumber}</Link>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {f.risks.length > 0 && (
          <ul className="plain section-gap">
            {f.risks.map((r) => (
              <li key={r.id}>
                <Link href={`/risks/${r.id}`}>{r.title}</Link> <span className="badge">{r.status}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
