import type { Metadata } from "next";
import Link from "next/link";
import { OverviewBoard } from "@/components/reports/OverviewBoard";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { pageReads } from "@/lib/http/replica-reads";
import { buildOverview } from "@/lib/reports/overview";
import { periodChoices } from "@/lib/reports/period";
import { listClusters } from "@/lib/sources/queries";
import { displayZone } from "@/lib/time/server";

export const metadata: Metadata = { title: "Overview" };

async function OverviewPage(
  {
    searchParams,
  }: {
    searchParams: Promise<Record<string, string | string[] | undefined>>;
  },
  _user: Principal,
) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const [clusters, zone] = await Promise.all([
    listClusters().then((cs) => cs.map((c) => c.name)),
    displayZone(),
  ]);
  let overview: Awaited<ReturnType<typeof buildOverview>>;
  let note: string | null = null;
  try {
    overview = await pageReads(() => buildOverview({ period: one(sp.period), cluster: one(sp.cluster) }));
  } catch (e) {
    if (!isAppError(e)) throw e;
    note = e.message;
    overview = await pageReads(() => buildOverview({ period: null, cluster: null }));
  }
  const noData =
    overview.tiles.every((t) => t.current === null || t.current === 0) &&
    overview.attention.length === 0 &&
    clusters.length === 0;
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="Is inter-cluster communication safe right now?"
        actions={
          <Link
            className="btn"
            href={`/reports/executive?period=${encodeURIComponent(overview.period.key)}${overview.cluster ? `&cluster=${encodeURIComponent(overview.cluster)}` : ""}`}
          >
            Executive report
          </Link>
        }
      />
      {note && (
        <p className="form-error" role="alert">
          {note} — showing the last 30 days instead.
        </p>
      )}
      {noData && (
        <section className="card gap-below">
          <h2>No posture data yet</h2>
          <p className="muted flush">
            The tiles fill as soon as sources send certificates, policy decisions and mesh telemetry (see{" "}
            <Link href="/sources">Sources</Link>).
          </p>
        </section>
      )}
      <OverviewBoard initial={overview} choices={periodChoices()} clusters={clusters} zone={zone} />
    </>
  );
}

export default securePage("read", OverviewPage);
