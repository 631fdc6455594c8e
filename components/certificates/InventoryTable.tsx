"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { FilterSelect } from "@/components/ui/FilterSelect";
import { filterToParams, type InventoryFilter, STATUSES } from "@/lib/certificates/inventory-filter";
import type { InventoryRow } from "@/lib/certificates/queries/inventory";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { StatusBadge } from "./StatusBadge";

export interface InventoryPage {
  rows: InventoryRow[];
  total: number;
  page: number;
  pageSize: number;
  now: string;
}

const STATUS_LABEL: Record<(typeof STATUSES)[number], string> = {
  expired: "Expired (still seen)",
  lapsed: "Lapsed (not seen since)",
  expiring7d: "Expiring within 7 days",
  expiring30d: "Expiring within 30 days",
  valid: "Valid over 30 days",
  weak: "Weak key or signature",
  longLived: "Long-lived (> 90 days)",
};

/** The table's columns; the time columns name the display zone. */
const columnsIn = (zone: string): { key: InventoryFilter["sort"] | null; label: string }[] => [
  { key: "label", label: "Certificate" },
  { key: "cluster", label: "Cluster" },
  { key: "namespace", label: "Namespace" },
  { key: "issuer", label: "Issuer" },
  { key: "notAfter", label: `Expires (${zoneLabel(zone)})` },
  { key: null, label: "Status" },
  { key: null, label: "Key" },
  { key: "lastSeenAt", label: `Last seen (${zoneLabel(zone)})` },
];

/** The sources that saw one inventory entry: "pem, x509-exporter". */
const sourcesOf = (seenIn: InventoryRow["seenIn"]) =>
  [...new Set(seenIn.map((s) => s.source))].sort().join(", ");

/**
 * The inventory table. The server renders the first page (readable without JavaScript; the filter form is
 * a plain GET form); with JavaScript, filters, sorting and paging fetch /api/v1/certificates via
 * TanStack Query and keep the URL in step.
 */
export function InventoryTable({
  initial,
  filter: initialFilter,
  facets,
  zone,
}: {
  initial: InventoryPage;
  filter: InventoryFilter;
  facets: { clusters: string[]; namespaces: string[]; issuers: string[] };
  /** The display zone (lib/time). */
  zone: string;
}) {
  const COLUMNS = columnsIn(zone);
  const router = useRouter();
  const pathname = usePathname();
  const [filter, setFilter] = useState<InventoryFilter>(initialFilter);
  const qs = filterToParams(filter).toString();
  const initialQs = filterToParams(initialFilter).toString();
  const q = useQuery({
    queryKey: queryKeys.certificates.list(qs),
    queryFn: () => apiFetch<InventoryPage>(`/api/v1/certificates?${qs}`),
    initialData: qs === initialQs ? initial : undefined,
    placeholderData: keepPreviousData,
  });

  function apply(next: Partial<InventoryFilter>) {
    const f = { ...filter, ...next };
    setFilter(f);
    const s = filterToParams(f).toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const get = (k: string) => (String(d.get(k) ?? "").trim() || undefined) as never;
    apply({
      cluster: get("cluster"),
      namespace: get("namespace"),
      issuer: get("issuer"),
      status: get("status"),
      q: get("q"),
      page: 1,
    });
  }

  function sortBy(key: InventoryFilter["sort"]) {
    apply({ sort: key, dir: filter.sort === key && filter.dir === "asc" ? "desc" : "asc", page: 1 });
  }

  const data = q.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section className="card" aria-labelledby="inventory-h">
      <div className="row spread filter-row">
        <h2 id="inventory-h" className="flush">
          Inventory
        </h2>
        <a className="btn small" href={`/api/v1/certificates/export?${qs}`} download>
          Export CSV
        </a>
      </div>
      <form method="get" onSubmit={onSubmit} className="row filter-row align-end" key={qs}>
        <div>
          <label htmlFor="f-q">Search</label>
          <input
            id="f-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder="name, SAN, subject, fingerprint"
          />
        </div>
        {(["cluster", "namespace", "issuer"] as const).map((k) => (
          <FilterSelect
            key={k}
            id={`f-${k}`}
            param={k}
            label={k[0].toUpperCase() + k.slice(1)}
            value={filter[k]}
            allLabel="any"
            options={facets[`${k}s`]}
            onValue={(v) => apply({ [k]: v, page: 1 })}
          />
        ))}
        <FilterSelect
          id="f-status"
          param="status"
          label="Status"
          value={filter.status}
          allLabel="any"
          options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          onValue={(v) => apply({ status: v as InventoryFilter["status"], page: 1 })}
        />
        <button className="btn primary" type="submit">
          Apply
        </button>
        {qs && (
          <a
            className="btn"
            href={pathname}
            onClick={(e) => {
              e.preventDefault();
              apply({
                cluster: undefined,
                namespace: undefined,
                issuer: undefined,
                status: undefined,
                q: undefined,
                page: 1,
                sort: "notAfter",
                dir: "asc",
              });
            }}
          >
            Clear
          </a>
        )}
      </form>
      {q.isError && (
        <p className="form-error" role="alert">
          Could not load certificates: {(q.error as Error).message}
        </p>
      )}
      {!data && q.isPending && <p className="muted">Loading…</p>}
      {data && (
        <>
          <p className="small muted" aria-live="polite">
            {data.total} certificate{data.total === 1 ? "" : "s"} {q.isFetching ? "(updating…)" : ""}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th
                      key={c.label}
                      aria-sort={
                        c.key && filter.sort === c.key
                          ? filter.dir === "asc"
                            ? "ascending"
                            : "descending"
                          : undefined
                      }
                    >
                      {c.key ? (
                        <button
                          type="button"
                          className="th-sort"
                          onClick={() => sortBy(c.key as InventoryFilter["sort"])}
                        >
                          {c.label}
                          {filter.sort === c.key ? (filter.dir === "asc" ? " ▲" : " ▼") : ""}
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.length === 0 && (
                  <tr>
                    <td colSpan={COLUMNS.length} className="muted">
                      No certificate matches these filters.
                    </td>
                  </tr>
                )}
                {data.rows.map((r) => (
                  <tr key={r.lineageId}>
                    <td>
                      <Link href={`/certificates/lineages/${r.lineageId}`}>{r.label || "(no name)"}</Link>
                      <div className="small muted">
                        {r.kind}
                        {r.isCA ? " · CA" : ""} · {r.versionCount} version{r.versionCount === 1 ? "" : "s"}
                      </div>
                      <div className="small muted">seen by {sourcesOf(r.seenIn)}</div>
                    </td>
                    <td>{r.cluster ?? "—"}</td>
                    <td>{r.namespace ?? "—"}</td>
                    <td className="small issuer-cell">{r.issuer || "—"}</td>
                    <td className="small">{formatInstant(r.notAfter, zone)}</td>
                    <td>
                      <StatusBadge status={r.status} /> {r.weak && <span className="badge bad">weak</span>}{" "}
                      {r.longLived && <span className="badge warn">long-lived</span>}
                    </td>
                    <td className="small">
                      {r.keyAlgorithm ?? "?"}
                      {r.keySize ? ` ${r.keySize}` : ""}
                      {r.signatureAlgorithm && <div className="muted">{r.signatureAlgorithm}</div>}
                    </td>
                    <td className="small">{formatInstant(r.lastSeenAt, zone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="row section-gap" aria-label="Pages">
            <button
              type="button"
              className="btn small"
              disabled={filter.page <= 1}
              onClick={() => apply({ page: filter.page - 1 })}
            >
              Previous
            </button>
            <span className="small">
              Page {data.page} of {pages}
            </span>
            <button
              type="button"
              className="btn small"
              disabled={data.page >= pages}
              onClick={() => apply({ page: filter.page + 1 })}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
