import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applySnapshot, type CounterState, counterStep, type SeriesSample } from "./counters";
import type { EdgeDims } from "./formats/istio";

const dims = (policy: "mutual_tls" | "none", dst = "ledger-api"): EdgeDims => ({
  reporter: "destination",
  src: { cluster: "eu-west-prod", namespace: "payments", workload: "payments-api", principal: null },
  dst: { cluster: "us-east-prod", namespace: "ledger", workload: dst, principal: null },
  protocol: "http",
  securityPolicy: policy,
});

const T0 = Date.parse("2025-06-15T12:00:00Z");
const T1 = T0 + 60_000;

describe("counterStep", () => {
  it("first sighting is only remembered; then deltas; a decrease is a reset; older samples are stale", () => {
    expect(counterStep(undefined, 100, T0)).toEqual({ kind: "first" });
    expect(counterStep({ value: 100, atMs: T0 }, 130, T1)).toEqual({
      kind: "delta",
      delta: 30,
      reset: false,
    });
    expect(counterStep({ value: 100, atMs: T0 }, 7, T1)).toEqual({ kind: "delta", delta: 7, reset: true });
    expect(counterStep({ value: 100, atMs: T1 }, 120, T0)).toEqual({ kind: "stale" });
    expect(counterStep({ value: 100, atMs: T1 }, 100, T1)).toEqual({ kind: "stale" });
    // Unseen for more than 3 hours: the growth cannot be placed in time, so it starts over.
    expect(counterStep({ value: 100, atMs: T0 }, 900, T0 + 3 * 3_600_000 + 1)).toEqual({ kind: "first" });
    expect(counterStep({ value: 100, atMs: T0 }, 900, T0 + 3 * 3_600_000)).toEqual({
      kind: "delta",
      delta: 800,
      reset: false,
    });
  });
});

describe("two snapshots with a counter reset (hand values)", () => {
  // Snapshot 1 at 12:00: A = 1000 (mTLS, 200), B = 50 (mTLS, 403), C = 400 (plaintext).
  // Snapshot 2 at 12:01: A = 1180 (+180), B = 20 (< 50: the proxy restarted, so +20), C = 430 (+30),
  // and D = 9 seen for the first time (remembered only).
  const s1: SeriesSample[] = [
    { key: "A", dims: dims("mutual_tls"), measure: "requests", denied: false, value: 1000, atMs: T0 },
    { key: "B", dims: dims("mutual_tls"), measure: "requests", denied: true, value: 50, atMs: T0 },
    { key: "C", dims: dims("none"), measure: "requests", denied: false, value: 400, atMs: T0 },
  ];
  const s2: SeriesSample[] = [
    { key: "A", dims: dims("mutual_tls"), measure: "requests", denied: false, value: 1180, atMs: T1 },
    { key: "B", dims: dims("mutual_tls"), measure: "requests", denied: true, value: 20, atMs: T1 },
    { key: "C", dims: dims("none"), measure: "requests", denied: false, value: 430, atMs: T1 },
    { key: "D", dims: dims("none", "ledger-db"), measure: "connections", denied: false, value: 9, atMs: T1 },
  ];

  it("gives the right deltas", () => {
    const first = applySnapshot(new Map(), s1);
    expect(first.steps.map((s) => s.kind)).toEqual(["first", "first", "first"]);
    expect(first.buckets.buckets()).toEqual([]);
    const state = new Map<string, CounterState>(first.updates);

    const second = applySnapshot(state, s2);
    expect(second.steps).toEqual([
      { kind: "delta", delta: 180, reset: false },
      { kind: "delta", delta: 20, reset: true },
      { kind: "delta", delta: 30, reset: false },
      { kind: "first" },
    ]);
    const b = second.buckets.buckets();
    // A and B share one edge (mTLS): 180 + 20 = 200 requests, of which B's 20 were 403s. C: 30 plaintext.
    expect(b).toHaveLength(2);
    const mtls = b.find((x) => x.dims.securityPolicy === "mutual_tls");
    const plain = b.find((x) => x.dims.securityPolicy === "none");
    expect(mtls?.counts).toEqual({ requests: 200, connections: 0, denied: 20, dropped: 0 });
    expect(plain?.counts).toEqual({ requests: 30, connections: 0, denied: 0, dropped: 0 });
    expect(mtls?.minuteMs).toBe(T1);
    expect(second.updates.get("B")).toEqual({ value: 20, atMs: T1 });
    expect(second.updates.get("D")).toEqual({ value: 9, atMs: T1 });
  });

  it("re-sending snapshot 2 adds nothing", () => {
    const state = new Map<string, CounterState>([...applySnapshot(new Map(), s1).updates]);
    for (const [k, v] of applySnapshot(state, s2).updates) state.set(k, v);
    const again = applySnapshot(state, s2);
    expect(again.buckets.buckets()).toEqual([]);
    expect(again.steps.every((s) => s.kind === "stale")).toBe(true);
  });
});

describe("property: deltas sum to the counter's growth across resets", () => {
  it("sum of deltas = sum over segments between resets of (last - first of segment), + each reset value", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 30 }), (values) => {
        let state: CounterState | undefined;
        let sum = 0;
        let expected = 0;
        values.forEach((v, i) => {
          const step = counterStep(state, v, T0 + i * 1000);
          if (i > 0) expected += v >= values[i - 1] ? v - values[i - 1] : v;
          if (step.kind === "delta") {
            expect(step.delta).toBeGreaterThanOrEqual(0);
            sum += step.delta;
          }
          state = { value: v, atMs: T0 + i * 1000 };
        });
        expect(sum).toBe(expected);
      }),
    );
  });
});
