import { describe, expect, it } from "vitest";
import { canonicalJson, eventHash, GENESIS_HASH } from "./hash";

const base = {
  at: "2026-01-01T00:00:00.000Z",
  actorType: "user",
  actorId: "u1",
  actorLabel: "a@example.com",
  action: "user.create",
  targetType: "user",
  targetId: "u2",
  data: { b: 1, a: [2, { d: 1, c: 2 }] },
};

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { y: 1, x: undefined, w: [3, { z: 1, a: 2 }] } })).toBe(
      '{"a":{"w":[3,{"a":2,"z":1}],"y":1},"b":1}',
    );
  });
});

describe("eventHash", () => {
  it("does not depend on key order of the data", () => {
    const h1 = eventHash(GENESIS_HASH, base);
    const h2 = eventHash(GENESIS_HASH, { ...base, data: { a: [2, { c: 2, d: 1 }], b: 1 } });
    expect(h1).toBe(h2);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
  });
  it("changes when any field or the previous hash changes", () => {
    const h = eventHash(GENESIS_HASH, base);
    expect(eventHash("1".repeat(64), base)).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, action: "user.delete" })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, data: { b: 2, a: [2, { d: 1, c: 2 }] } })).not.toBe(h);
  });
});
