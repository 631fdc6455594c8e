import { describe, expect, it } from "vitest";
import { changed, EMPTY, fieldErrors, mergeMine, payload } from "@/components/risks/form/state";

// The risk form's mapping to the API (pure): what a PATCH sends, how my edits land on someone else's
// version after a 409, and where the API's validation errors show.
describe("risk form state", () => {
  const base = { ...EMPTY, title: "Plaintext traffic", owner: "u1", clusters: "eu, us" };

  it("sends only what changed, with scores as likelihood × impact and clusters as a list", () => {
    const mine = { ...base, residualI: 5, clusters: "eu" };
    expect(changed(base, mine)).toEqual({ clusters: ["eu"], residual: { likelihood: 3, impact: 5 } });
    expect(payload(base).reviewDue).toBeUndefined();
  });

  it("keeps my changed fields on top of their version and takes theirs for the rest", () => {
    const mine = { ...base, residualL: 1, title: "Mine" };
    const theirs = { ...base, title: "Theirs", description: "their words", residualI: 4 };
    expect(mergeMine(base, mine, theirs)).toEqual({
      ...theirs,
      title: "Mine",
      residualL: 1,
      residualI: 3, // the residual pair is one field: mine wins as a whole
    });
  });

  it("maps API error paths to form fields, the first message per field", () => {
    expect(
      fieldErrors([
        { path: "residual.impact", message: "must be 1–5" },
        { path: "acceptance.approver", message: "is required" },
        { path: "title", message: "is required" },
        { path: "title", message: "second" },
      ]),
    ).toEqual({ residualI: "must be 1–5", approver: "is required", title: "is required" });
    expect(fieldErrors(undefined)).toEqual({});
  });
});
