// The `prometheus-query` payload: increase() of the Istio counters over a window, as the Prometheus HTTP
// API returns it (GET /api/v1/query, resultType "vector"). Values are already deltas. Pure.
import { AppError } from "@/lib/errors";
import type { ParseItem } from "@/lib/ingest/types";
import { type IstioSeries, interpretIstio } from "./formats/istio";

export interface QuerySample {
  series: IstioSeries;
  /** The range increase() covered: [fromMs, atMs). */
  fromMs: number;
  atMs: number;
}

const MINUTE = 60_000;

/**
 * Splits `value` over the minutes of [fromMs, toMs) in proportion to how much of each minute the range
 * covers, so a pull's increase lands where it happened instead of all in the minute of the query. The
 * parts add up to `value` (the last one takes the rounding rest).
 */
export function spreadOverMinutes(
  fromMs: number,
  toMs: number,
  value: number,
): { minuteMs: number; value: number }[] {
  if (!(toMs > fromMs)) return [{ minuteMs: Math.floor(toMs / MINUTE) * MINUTE, value }];
  const out: { minuteMs: number; value: number }[] = [];
  let rest = value;
  for (let m = Math.floor(fromMs / MINUTE) * MINUTE; m < toMs; m += MINUTE) {
    const covered = Math.min(m + MINUTE, toMs) - Math.max(m, fromMs);
    const last = m + MINUTE >= toMs;
    const part = last ? rest : (value * covered) / (toMs - fromMs);
    rest -= part;
    out.push({ minuteMs: m, value: part });
  }
  return out;
}

export interface QueryPayload {
  collectedAt: string;
  windowSeconds: number;
  results: { metric: string; data: unknown }[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

export function* parseQueryResult(text: string): Iterable<ParseItem<QuerySample>> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `The body is not valid JSON: ${(e as Error).message.slice(0, 120)}`);
  }
  if (!isObj(body) || !Array.isArray(body.results) || typeof body.windowSeconds !== "number") {
    throw new AppError(
      "bad_request",
      'Expected {"collectedAt", "windowSeconds", "results": [{"metric", "data"}]}',
    );
  }
  const windowMs = Math.max(0, body.windowSeconds) * 1000;
  let index = 0;
  for (const r of body.results) {
    const metric = isObj(r) && typeof r.metric === "string" ? r.metric : null;
    // Accept the API's whole response ({status, data}) or its data object.
    const data = isObj(r) && isObj(r.data) ? (isObj(r.data.data) ? r.data.data : r.data) : null;
    if (!metric || !data || data.resultType !== "vector" || !Array.isArray(data.result)) {
      yield {
        ok: false,
        ref: { index },
        reason: 'each result needs "metric" and a "vector" query result in "data"',
      };
      index++;
      continue;
    }
    for (const v of data.result) {
      const ref = { index };
      index++;
      if (!isObj(v) || !isObj(v.metric) || !Array.isArray(v.value) || v.value.length !== 2) {
        yield { ok: false, ref, reason: 'a vector element needs {metric: {labels}, value: [time, "value"]}' };
        continue;
      }
      const labels: Record<string, string> = {};
      for (const [k, x] of Object.entries(v.metric)) if (typeof x === "string") labels[k] = x;
      const t = Number(v.value[0]);
      const value = typeof v.value[1] === "string" ? Number(v.value[1]) : Number.NaN;
      if (!Number.isFinite(t)) {
        yield { ok: false, ref, reason: `time ${JSON.stringify(v.value[0])} is not a Unix time` };
        continue;
      }
      const i = interpretIstio({ name: metric, labels, value, timestampMs: Math.round(t * 1000) });
      if (!i.ok) yield { ok: false, ref, reason: i.reason };
      else {
        const atMs = Math.round(t * 1000);
        yield { ok: true, record: { series: i.series, fromMs: atMs - windowMs, atMs }, ref };
      }
    }
  }
}
