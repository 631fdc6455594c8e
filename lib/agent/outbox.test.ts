import { describe, expect, it } from "vitest";
import { Outbox } from "./outbox";

const R = "wgpolicyk8s.io/v1alpha2/policyreports";
const C = "cert-manager.io/v1/certificates";
const obj = (name: string, pad = 0) => ({ metadata: { namespace: "ns", name }, pad: "x".repeat(pad) });

describe("agent outbox", () => {
  it("keeps one change per object (the newest), in the order objects last changed", () => {
    const o = new Outbox({ events: 10, bytes: 1e6 }, () => {});
    o.changed(R, "ADDED", obj("a"));
    o.changed(R, "ADDED", obj("b"));
    o.changed(R, "MODIFIED", obj("a"));
    const d = o.next();
    expect(d?.kind === "changes" && d.changes.map((c) => [c.object.metadata?.name, c.type])).toEqual([
      ["b", "ADDED"],
      ["a", "MODIFIED"],
    ]);
    expect(o.pending).toBe(2);
  });

  it("sends a resource's listing before its changes, and a listing supersedes the changes before it", () => {
    const o = new Outbox({ events: 10, bytes: 1e6 }, () => {});
    o.changed(R, "ADDED", obj("old"));
    o.changed(C, "ADDED", obj("cert"));
    o.listed(R, [obj("x"), obj("y")]);
    o.changed(R, "DELETED", obj("x"));
    const first = o.next();
    expect(first?.kind).toBe("listing");
    // Nothing of R's older change is left; C's change is untouched.
    expect(o.pending).toBe(3);
    o.delivered(first as NonNullable<typeof first>);
    const second = o.next();
    expect(second?.kind === "changes" && second.resource).toBe(C);
  });

  it("a delivery acknowledged after the object changed again leaves the newer change waiting", () => {
    const o = new Outbox({ events: 10, bytes: 1e6 }, () => {});
    o.changed(R, "ADDED", obj("a"));
    const d = o.next() as NonNullable<ReturnType<Outbox["next"]>>;
    o.changed(R, "MODIFIED", obj("a")); // while the request was on its way
    o.delivered(d);
    expect(o.pending).toBe(1);
    expect(o.has(R)).toBe(true);
  });

  it("past its count or byte bound drops the oldest changes, counts them and names their resource", () => {
    const dropped: string[] = [];
    const o = new Outbox({ events: 2, bytes: 1e6 }, (r) => dropped.push(r));
    o.changed(C, "ADDED", obj("c1"));
    o.changed(R, "ADDED", obj("r1"));
    o.changed(R, "ADDED", obj("r2"));
    expect([o.pending, o.dropped, dropped]).toEqual([2, 1, [C]]);
    const small = new Outbox({ events: 100, bytes: 300 }, (r) => dropped.push(r));
    small.changed(R, "ADDED", obj("big1", 200));
    small.changed(R, "ADDED", obj("big2", 200));
    expect([small.pending, small.dropped]).toEqual([1, 1]);
    expect(small.pendingBytes).toBeLessThanOrEqual(300);
  });

  it("splits one resource's changes into requests of at most batchBytes", () => {
    const o = new Outbox({ events: 100, bytes: 1e6, batchBytes: 600 }, () => {}); // each change is 252 bytes
    for (let i = 0; i < 5; i++) o.changed(R, "ADDED", obj(`r${i}`, 200));
    const d = o.next();
    expect(d?.kind === "changes" && d.changes.length).toBe(2);
  });
});
