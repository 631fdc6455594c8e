// The deny-spike rule: a source/destination pair whose denies in the latest 5 minutes are
// over 5× its trailing 24 h median (of 5-minute buckets, empty buckets counting as 0) and at least 20.
// Pure: the job feeds it per-pair 5-minute counts.
import { percentileCont } from "@/lib/kpi/stats";
import type { DetectionRule } from "./rule-types";

export const BUCKET_MS = 5 * 60_000;
export const TRAILING_BUCKETS = (24 * 60) / 5; // 288
export const MIN_DENIES = 20;
export const FACTOR = 5;

export const DENY_SPIKE_RULE = {
  id: "deny-spike",
  label: "Deny spike for a source/destination pair",
  severity: "high",
  description: `A source/destination pair was denied at least ${MIN_DENIES} times in 5 minutes and over ${FACTOR}× its trailing 24-hour median. Starts at the first spiking 5-minute bucket.`,
} as const satisfies DetectionRule;

export interface DenyCount {
  /** Start of the 5-minute bucket (aligned to BUCKET_MS). */
  bucket: Date;
  denies: number;
}

export interface SpikeVerdict {
  spike: boolean;
  current: number;
  median: number;
  /** Start of the earliest bucket of the current run of spiking buckets (the finding's startedAt). */
  since: Date | null;
}

function trailingMedian(byBucket: Map<number, number>, end: number): number {
  const values: number[] = [];
  for (let i = 1; i <= TRAILING_BUCKETS; i++) values.push(byBucket.get(end - i * BUCKET_MS) ?? 0);
  values.sort((a, b) => a - b);
  return percentileCont(values, 0.5) ?? 0;
}

const isSpike = (n: number, median: number) => n >= MIN_DENIES && n > FACTOR * median;

/** Evaluates the bucket that starts at `current` for one pair. */
export function evaluateDenySpike(counts: readonly DenyCount[], current: Date): SpikeVerdict {
  const byBucket = new Map<number, number>();
  for (const c of counts)
    byBucket.set(c.bucket.getTime(), (byBucket.get(c.bucket.getTime()) ?? 0) + c.denies);
  const t = current.getTime();
  const n = byBucket.get(t) ?? 0;
  const median = trailingMedian(byBucket, t);
  if (!isSpike(n, median)) return { spike: false, current: n, median, since: null };
  // Walk back while the earlier buckets were spiking too, each against its own trailing median.
  let since = t;
  for (let b = t - BUCKET_MS; b > t - TRAILING_BUCKETS * BUCKET_MS; b -= BUCKET_MS) {
    if (!isSpike(byBucket.get(b) ?? 0, trailingMedian(byBucket, b))) break;
    since = b;
  }
  return { spike: true, current: n, median, since: new Date(since) };
}

export function bucketStart(d: Date): Date {
  return new Date(Math.floor(d.getTime() / BUCKET_MS) * BUCKET_MS);
}
