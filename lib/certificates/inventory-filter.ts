import { z } from "zod";

// The inventory's query string, shared by the page, GET /api/v1/certificates and its CSV export.
export const STATUSES = [
  "expired",
  "lapsed",
  "expiring7d",
  "expiring30d",
  "valid",
  "weak",
  "longLived",
] as const;
export const SORTS = ["notAfter", "label", "cluster", "namespace", "issuer", "lastSeenAt"] as const;

export const inventoryFilter = z.object({
  cluster: z.string().trim().max(100).optional(),
  namespace: z.string().trim().max(100).optional(),
  issuer: z.string().trim().max(500).optional(),
  status: z.enum(STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(SORTS).default("notAfter"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type InventoryFilter = z.infer<typeof inventoryFilter>;

/** Empty strings (an untouched <select>) mean "no filter". */
export function filterFromParams(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): InventoryFilter {
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  const obj = Object.fromEntries(entries.filter(([, v]) => typeof v === "string" && v.trim() !== ""));
  return inventoryFilter.parse(obj);
}

export function filterToParams(f: Partial<InventoryFilter>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === "") continue;
    if (k === "sort" && v === "notAfter") continue;
    if (k === "dir" && v === "asc") continue;
    if (k === "page" && v === 1) continue;
    if (k === "pageSize" && v === 25) continue;
    p.set(k, String(v));
  }
  return p;
}
