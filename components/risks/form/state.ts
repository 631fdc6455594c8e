// The risk form's state and how it maps to the API: the fields as the form holds them, the body a save
// sends, what changed since the version the edit started from, and where an API error path points. Pure.
import type { RiskBody } from "@/lib/risks/mutations/revisions";

export interface UserOption {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface FormState {
  title: string;
  description: string;
  category: string;
  owner: string;
  clusters: string;
  inherentL: number;
  inherentI: number;
  residualL: number;
  residualI: number;
  targetL: number;
  targetI: number;
  confidence: string;
  treatment: string;
  status: string;
  reviewDue: string;
}

/** The three scores of a risk; the form holds each as two numbers, `<basis>L` and `<basis>I`. */
export const BASES = ["inherent", "residual", "target"] as const;
type Basis = (typeof BASES)[number];
const scoresOf = (s: FormState) =>
  Object.fromEntries(BASES.map((b) => [b, { likelihood: s[`${b}L`], impact: s[`${b}I`] }])) as Record<
    Basis,
    { likelihood: number; impact: number }
  >;
export type FieldName = keyof FormState | "approver" | "rationale" | "expiresAt";
export type Errors = Partial<Record<string, string>>;

export function fromRisk(r: RiskBody): FormState {
  return {
    title: r.title,
    description: r.description,
    category: r.category,
    owner: r.owner ?? "",
    clusters: r.clusters.join(", "),
    ...(Object.fromEntries(
      BASES.flatMap((b) => [
        [`${b}L`, r[b].likelihood],
        [`${b}I`, r[b].impact],
      ]),
    ) as Pick<FormState, `${Basis}${"L" | "I"}`>),
    confidence: r.confidence,
    treatment: r.treatment,
    status: r.status,
    reviewDue: r.reviewDue.slice(0, 10),
  };
}

export const EMPTY: FormState = {
  title: "",
  description: "",
  category: "",
  owner: "",
  clusters: "",
  inherentL: 3,
  inherentI: 3,
  residualL: 3,
  residualI: 3,
  targetL: 2,
  targetI: 2,
  confidence: "medium",
  treatment: "mitigate",
  status: "open",
  reviewDue: "",
};

/** The API fields of a form state. */
export function payload(s: FormState): Record<string, unknown> {
  return {
    title: s.title,
    description: s.description,
    category: s.category,
    owner: s.owner,
    clusters: s.clusters
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    ...scoresOf(s),
    confidence: s.confidence,
    treatment: s.treatment,
    status: s.status,
    ...(s.reviewDue ? { reviewDue: s.reviewDue } : {}),
  };
}

/** The API fields that differ between two form states (what a PATCH sends). */
export function changed(base: FormState, now: FormState): Record<string, unknown> {
  const a = payload(base);
  const b = payload(now);
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => JSON.stringify(a[k]) !== JSON.stringify(v)));
}

/** My edits (what changed from `base` to `mine`) on top of the version someone else saved. */
export function mergeMine(base: FormState, mine: FormState, theirs: FormState): FormState {
  const merged = { ...theirs };
  for (const k of Object.keys(changed(base, mine))) {
    if ((BASES as readonly string[]).includes(k)) {
      merged[`${k as Basis}L`] = mine[`${k as Basis}L`];
      merged[`${k as Basis}I`] = mine[`${k as Basis}I`];
    } else
      (merged as unknown as Record<string, unknown>)[k] = (mine as unknown as Record<string, unknown>)[k];
  }
  return merged;
}

/** An API value as a person reads it (users by name, scores as likelihood × impact). */
export function showValue(v: unknown, users: UserOption[]): string {
  if (Array.isArray(v)) return v.join(", ") || "none";
  if (v && typeof v === "object" && "likelihood" in v && "impact" in v) {
    const x = v as { likelihood: number; impact: number };
    return `likelihood ${x.likelihood} × impact ${x.impact} = ${x.likelihood * x.impact}`;
  }
  const u = users.find((x) => x.id === v);
  return u ? u.name : String(v ?? "");
}

/** Which form fields an API error path points at. */
const FIELD_OF: Record<string, string> = {
  "inherent.likelihood": "inherentL",
  "inherent.impact": "inherentI",
  "residual.likelihood": "residualL",
  "residual.impact": "residualI",
  "target.likelihood": "targetL",
  "target.impact": "targetI",
  "acceptance.approver": "approver",
  "acceptance.rationale": "rationale",
  "acceptance.expiresAt": "expiresAt",
};

/** The API's validation details (`[{path, message}]`) as messages per form field (the first per field). */
export function fieldErrors(details: unknown): Errors {
  const out: Errors = {};
  if (Array.isArray(details))
    for (const d of details as { path: string; message: string }[])
      out[FIELD_OF[d.path] ?? d.path] ??= d.message;
  return out;
}
