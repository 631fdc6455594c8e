import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/body";

// Query parameters of the mesh API and page: a window (default: the 24 hours up to now) and filters.
const RANGES = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];

const name = z.string().trim().min(1).max(253);
const schema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  range: z.enum(RANGE_KEYS as [RangeKey, ...RangeKey[]]).optional(),
  cluster: name.optional(),
  srcCluster: name.optional(),
  dstCluster: name.optional(),
  namespace: name.optional(),
  workload: name.optional(),
  protocol: name.optional(),
  policy: z.enum(["mutual_tls", "none", "unknown"]).optional(),
  reporter: z.enum(["destination", "source", "hubble"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export type MeshParams = z.infer<typeof schema> & { fromDate: Date; toDate: Date };

export function parseMeshParams(
  input: URLSearchParams | Record<string, string | string[] | undefined>,
  now = new Date(),
): MeshParams {
  const raw: Record<string, string> = {};
  const entries = input instanceof URLSearchParams ? [...input.entries()] : Object.entries(input);
  for (const [k, v] of entries) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s !== "") raw[k] = s;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error);
  const p = parsed.data;
  const toDate = p.to ? new Date(p.to) : now;
  const fromDate = p.from ? new Date(p.from) : new Date(toDate.getTime() - RANGES[p.range ?? "24h"]);
  if (fromDate >= toDate) throw badRequest("from must be before to");
  if (toDate.getTime() - fromDate.getTime() > 400 * 86_400_000) throw badRequest("window: at most 400 days");
  return { ...p, fromDate, toDate };
}

/**
 * The filters that narrow every mesh figure (coverage, matrix, series, edges), from parsed parameters: the
 * page and the mesh API routes build their queries from this one object.
 */
export function meshScope(p: MeshParams) {
  return {
    from: p.fromDate,
    to: p.toDate,
    cluster: p.cluster ?? null,
    namespace: p.namespace ?? null,
    workload: p.workload ?? null,
    protocol: p.protocol ?? null,
    securityPolicy: p.policy ?? null,
    reporter: p.reporter ?? null,
  };
}
