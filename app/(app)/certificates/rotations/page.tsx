import type { Metadata } from "next";
import Link from "next/link";
import { CertificatesNav } from "@/components/certificates/CertificatesNav";
import { FilterNote } from "@/components/ui/FilterNote";
import { KpiHelp } from "@/components/ui/KpiHelp";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { requireUser } from "@/lib/auth/session";
import { rotationsDue } from "@/lib/certificates/rotations-due";
import { formatDuration } from "@/lib/incidents/display";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Rotations due" };

const DAY = 86_400_000;
const OUTCOME = {
  onTime: ["on time", "ok"],
  late: ["late", "warn"],
  missed: ["missed", "bad"],
  overdue: ["overdue", "bad"],
} as const;

function instant(v: string | string[] | undefined): Date | null {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The certificate versions behind "rotation on schedule": due in the window, with their outcome. */
async function RotationsPage(
  {
    searchParams,
  }: {
    searchParams: Promise<Record<string, string | string[] | undefined>>;
  },
  _user: Principal,
) {
  await requireUser("read");
  const sp = await searchParams;
  const now = new Date();
  const to = instant(sp.to) ?? now;
  const from = instant(sp.from) ?? new Date(to.getTime() - 30 * DAY);
  const cluster = (Array.isArray(sp.cluster) ? sp.cluster[0] : sp.cluster)?.slice(0, 100) || null;
  const [rows, zone] = await Promise.all([
    rotationsDue({ from, to: to > now ? now : to, cluster, now }),
    displayZone(),
  ]);
  const t = (at: Date) => formatInstant(at, zone);
  const onTime = rows.filter((r) => r.outcome === "onTime").length;
  const pct = rows.length ? ((100 * onTime) / rows.length).toFixed(1) : null;
  return (
    <>
      <PageHeader
        title="Rotations due"
        subtitle="Renewals that fell due in the window and how they went"
        actions={<CertificatesNav current="/certificates/rotations" />}
      />
      <div className="stack">
        <FilterNote clearHref="/certificates/rotations">
          certificate versions whose renewal deadline fell between {t(from)} and{" "}
          {formatInstant(to, zone, { label: true })}
          {cluster ? ` in cluster ${cluster}` : " in all clusters"}
        </FilterNote>
        <section className="card" aria-labelledby="rot-h">
          <h2 id="rot-h">
            Rotation on schedule: {pct === null ? "—" : `${pct} %`}
            <KpiHelp metric="rotationOnSchedule.percent" />
          </h2>
          <p className="small muted under-heading">
            {onTime} of {rows.length} renewals due in the window happened on time.
          </p>
          {rows.length === 0 ? (
            <p className="muted">No renewal fell due in this window.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Certificate</th>
                    <th scope="col">Cluster</th>
                    <th scope="col">Deadline ({zoneLabel(zone)})</th>
                    <th scope="col">Successor issued ({zoneLabel(zone)})</th>
                    <th scope="col" className="num">
                      Late by
                    </th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.lineageId}-${r.notBefore.toISOString()}`}>
                      <td>
                        <Link href={`/certificates/lineages/${r.lineageId}`}>{r.label}</Link>
                        <div className="small muted">{r.issuer}</div>
                      </td>
                      <td>
                        {r.cluster ?? "—"}
                        {r.namespace ? <div className="small muted">{r.namespace}</div> : null}
                      </td>
                      <td className="small nowrap">{t(r.deadline)}</td>
                      <td className="small nowrap">
                        {r.successorNotBefore ? t(r.successorNotBefore) : "none yet"}
                      </td>
                      <td className="num">
                        {r.latenessMs !== null && r.latenessMs > 0
                          ? formatDuration(r.latenessMs / 1000)
                          : "—"}
                      </td>
                      <td>
                        <span className={`badge ${OUTCOME[r.outcome][1]}`}>{OUTCOME[r.outcome][0]}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", RotationsPage);
