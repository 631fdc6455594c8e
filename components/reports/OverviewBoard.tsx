"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { Overview } from "@/lib/reports/overview";
import { formatInstant } from "@/lib/time/zone";
import { AttentionList } from "./AttentionList";
import { KpiTile, KpiTileSkeleton } from "./KpiTile";
import { PeriodPicker } from "./PeriodPicker";

const fetchOverview = (period: string, cluster: string | null) =>
  apiFetch<Overview>("/api/v1/overview", { query: { period, cluster } });

/** The landing page's live part: server-rendered first (initialData), then refreshed in the background. */
export function OverviewBoard({
  initial,
  choices,
  clusters,
  zone,
}: {
  initial: Overview;
  choices: { key: string; label: string }[];
  clusters: string[];
  /** The display zone (lib/time). */
  zone: string;
}) {
  const [scope, setScope] = useState({ period: initial.period.key, cluster: initial.cluster });
  const isInitial = scope.period === initial.period.key && scope.cluster === initial.cluster;
  const q = useQuery({
    queryKey: queryKeys.overview.scope(scope.period, scope.cluster),
    queryFn: () => fetchOverview(scope.period, scope.cluster),
    initialData: isInitial ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const data = q.data;
  const change = (next: { period: string; cluster: string | null }) => {
    setScope(next);
    const u = new URL(window.location.href);
    u.searchParams.set("period", next.period);
    if (next.cluster) u.searchParams.set("cluster", next.cluster);
    else u.searchParams.delete("cluster");
    window.history.replaceState(null, "", u);
  };
  return (
    <div className="stack">
      <div className="row spread align-end">
        <PeriodPicker
          period={scope.period}
          cluster={scope.cluster}
          choices={choices}
          clusters={clusters}
          action="/"
          onChange={change}
        />
        <p className="small muted overview-status" aria-live="polite">
          {q.isError
            ? `Could not refresh: ${(q.error as Error).message}`
            : q.isFetching
              ? "Refreshing…"
              : data
                ? `${data.period.label} vs ${data.previous.label} · updated ${formatInstant(data.generatedAt, zone, { label: true }).slice(11)}`
                : ""}
        </p>
      </div>
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading" className="sr-only">
          Key figures
        </h2>
        <div className="kpi-tiles" aria-busy={q.isFetching}>
          {data
            ? data.tiles.map((t) => <KpiTile key={t.key} tile={t} days={data.days} />)
            : ["a", "b", "c", "d", "e", "f", "g", "h"].map((k) => <KpiTileSkeleton key={k} />)}
        </div>
      </section>
      <section className="card" aria-labelledby="attention-heading">
        <h2 id="attention-heading">Needs attention now</h2>
        {data ? <AttentionList items={data.attention} /> : <div className="skeleton sk-block" />}
      </section>
    </div>
  );
}
