import { describe, expect, it } from "vitest";
import { DEFAULT_MATRIX } from "./matrix";
import {
  acceptanceExpired,
  changedFields,
  createRiskSchema,
  isMaterialChange,
  patchRiskSchema,
  type RiskState,
} from "./model";

const base: RiskState = {
  title: "t",
  description: "",
  category: "",
  ownerId: "u1",
  clusters: [],
  inherent: { likelihood: 4, impact: 4 },
  residual: { likelihood: 3, impact: 3 },
  target: { likelihood: 2, impact: 2 },
  confidence: "medium",
  treatment: "mitigate",
  status: "open",
  reviewDue: "2026-01-01T00:00:00.000Z",
  lastReviewedAt: null,
  acceptance: null,
  links: [],
};

describe("changedFields", () => {
  it("lists exactly the fields that differ, deep", () => {
    expect(changedFields(base, { ...base })).toEqual([]);
    expect(changedFields(base, { ...base, title: "u", residual: { likelihood: 3, impact: 4 } })).toEqual([
      "title",
      "residual",
    ]);
    expect(changedFields(base, { ...base, clusters: ["a"] })).toEqual(["clusters"]);
  });
});

describe("material change after acceptance", () => {
  const basis = { inherent: base.inherent, residual: base.residual };
  it("a residual score change is material; the same score with L and I swapped is not", () => {
    expect(
      isMaterialChange(DEFAULT_MATRIX, basis, {
        inherent: base.inherent,
        residual: { likelihood: 3, impact: 4 },
      }),
    ).toBe(true);
    // 3×3 = 9 either way and still medium
    expect(
      isMaterialChange(DEFAULT_MATRIX, basis, {
        inherent: base.inherent,
        residual: { likelihood: 3, impact: 3 },
      }),
    ).toBe(false);
  });
  it("an inherent change within the same level is not material; a level change is", () => {
    // 4×4 = 16 high → 3×5 = 15 high: same level
    expect(
      isMaterialChange(DEFAULT_MATRIX, basis, {
        inherent: { likelihood: 3, impact: 5 },
        residual: base.residual,
      }),
    ).toBe(false);
    // → 5×4 = 20 critical
    expect(
      isMaterialChange(DEFAULT_MATRIX, basis, {
        inherent: { likelihood: 5, impact: 4 },
        residual: base.residual,
      }),
    ).toBe(true);
  });
});

describe("acceptance expiry", () => {
  const a = {
    approver: "u2",
    rationale: "r",
    expiresAt: "2026-02-01T00:00:00.000Z",
    state: "approved" as const,
    requestedBy: "u1",
    approvedAt: "2026-01-01T00:00:00.000Z",
    basis: null,
  };
  it("expires at expiresAt, only when approved", () => {
    expect(acceptanceExpired(a, new Date("2026-01-31T23:59:59Z"))).toBe(false);
    expect(acceptanceExpired(a, new Date("2026-02-01T00:00:00Z"))).toBe(true);
    expect(acceptanceExpired({ ...a, state: "pending" }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(acceptanceExpired(null, new Date())).toBe(false);
  });
});

describe("input schemas", () => {
  it("refuses scores outside 1–5 with the field path", () => {
    const r = createRiskSchema.safeParse({
      title: "x",
      owner: "a@b.c",
      inherent: { likelihood: 6, impact: 0 },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["inherent.likelihood", "inherent.impact"]);
  });
  it("PATCH needs the version; unknown fields are refused", () => {
    expect(patchRiskSchema.safeParse({ title: "x" }).success).toBe(false);
    expect(patchRiskSchema.safeParse({ version: 1, colour: "red" }).success).toBe(false);
    expect(patchRiskSchema.safeParse({ version: 1, title: "x" }).success).toBe(true);
  });
});
