// Cumulative counters → deltas between snapshots (docs/ingest-formats.md). Pure; lib/telemetry/mutations.ts keeps the
// per-series last value in the database so that deltas work across batches and replicas.
import { type EdgeDims, edgeKey } from "./formats/istio";

export interface CounterState {
  value: number;
  atMs: number;
}

/**
 * A series not seen for longer than this starts over: its growth over such a gap cannot be placed in
 * time (it would all land in one minute), so the sample is only remembered, like a first sighting.
 */
export const MAX_GAP_MS = 3 * 3_600_000;

export type CounterStep =
  /** First sighting (or after a gap): only remembered; we do not know when its value accrued. */
  | { kind: "first" }
  /** Not newer than what we hold (re-sent or out of order): nothing to count, state unchanged. */
  | { kind: "stale" }
  | { kind: "delta"; delta: number; reset: boolean };

export function counterStep(prev: CounterState | undefined, value: number, atMs: number): CounterStep {
  if (!prev) return { kind: "first" };
  if (atMs <= prev.atMs) return { kind: "stale" };
  if (atMs - prev.atMs > MAX_GAP_MS) return { kind: "first" };
  // A counter only goes down when its process restarted: everything since the restart is the new value.
  if (value < prev.value) return { kind: "delta", delta: value, reset: true };
  return { kind: "delta", delta: value - prev.value, reset: false };
}

export interface Counts {
  requests: number;
  connections: number;
  denied: number;
  dropped: number;
}

export const zeroCounts = (): Counts => ({ requests: 0, connections: 0, denied: 0, dropped: 0 });

export interface Bucket {
  /** Start of the minute, ms since the epoch. */
  minuteMs: number;
  key: string;
  dims: EdgeDims;
  counts: Counts;
}

export const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** Accumulates counts into 1-minute buckets keyed by (minute, edge). */
export class BucketSet {
  readonly map = new Map<string, Bucket>();

  add(atMs: number, dims: EdgeDims, counts: Partial<Counts>): void {
    const minuteMs = minuteOf(atMs);
    const key = edgeKey(dims);
    const id = `${minuteMs}#${key}`;
    let b = this.map.get(id);
    if (!b) {
      b = { minuteMs, key, dims, counts: zeroCounts() };
      this.map.set(id, b);
    }
    b.counts.requests += counts.requests ?? 0;
    b.counts.connections += counts.connections ?? 0;
    b.counts.denied += counts.denied ?? 0;
    b.counts.dropped += counts.dropped ?? 0;
  }

  buckets(): Bucket[] {
    return [...this.map.values()];
  }
}

export interface SeriesSample {
  key: string;
  dims: EdgeDims;
  measure: "requests" | "connections";
  denied: boolean;
  value: number;
  atMs: number;
}

/**
 * Applies one snapshot of counter samples to the known state: returns the buckets of the deltas, the new
 * state of every series that moved forward, and what happened to each sample (in order).
 */
export function applySnapshot(state: ReadonlyMap<string, CounterState>, samples: readonly SeriesSample[]) {
  const buckets = new BucketSet();
  const updates = new Map<string, CounterState>();
  const steps: CounterStep[] = [];
  for (const s of samples) {
    const prev = updates.get(s.key) ?? state.get(s.key);
    const step = counterStep(prev, s.value, s.atMs);
    steps.push(step);
    if (step.kind === "stale") continue;
    updates.set(s.key, { value: s.value, atMs: s.atMs });
    if (step.kind === "delta" && step.delta > 0) {
      buckets.add(s.atMs, s.dims, {
        [s.measure]: step.delta,
        denied: s.denied ? step.delta : 0,
      });
    }
  }
  return { buckets, updates, steps };
}
