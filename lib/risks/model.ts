// The risk as the API shows it (public: extend, never rename), the input schemas, and the pure
// rules about changes: which fields changed, and what counts as a material change after acceptance.
import { z } from "zod";
import { dateInput } from "@/lib/http/input";
import { aboveAppetite, levelOf, type RiskMatrix } from "./matrix";

export const TREATMENTS = ["mitigate", "accept", "transfer", "avoid"] as const;
export const STATUSES = ["open", "treating", "accepted", "closed"] as const;
export const CONFIDENCES = ["low", "medium", "high"] as const;
export type Treatment = (typeof TREATMENTS)[number];
export type Status = (typeof STATUSES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

const score = z
  .number({ error: "must be a whole number from 1 to 5" })
  .int("must be a whole number from 1 to 5")
  .min(1, "must be 1–5")
  .max(5, "must be 1–5");
export const scoresSchema = z.object({ likelihood: score, impact: score });
export type Scores = z.infer<typeof scoresSchema>;

const clusterName = z.string().trim().min(1).max(63);
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

/** The editable fields. `owner` is a user id or email; `reviewDue` an ISO date. */
export const riskFields = {
  title: text(200).min(1, "is required"),
  description: text(10_000),
  category: text(100),
  owner: z.string().trim().min(1, "is required").max(254),
  clusters: z.array(clusterName).max(50),
  inherent: scoresSchema,
  residual: scoresSchema,
  target: scoresSchema,
  confidence: z.enum(CONFIDENCES, { error: `must be one of ${CONFIDENCES.join(", ")}` }),
  treatment: z.enum(TREATMENTS, { error: `must be one of ${TREATMENTS.join(", ")}` }),
  status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(", ")}` }),
  reviewDue: dateInput(),
};

export const acceptanceInput = z.object({
  approver: z.string().trim().min(1, "is required").max(254),
  rationale: text(5000).min(1, "is required"),
  expiresAt: dateInput(),
});

export const createRiskSchema = z.strictObject({
  title: riskFields.title,
  description: riskFields.description.default(""),
  category: riskFields.category.default(""),
  owner: riskFields.owner,
  clusters: riskFields.clusters.default([]),
  inherent: riskFields.inherent,
  residual: riskFields.residual.optional(),
  target: riskFields.target.optional(),
  confidence: riskFields.confidence.default("medium"),
  treatment: riskFields.treatment.default("mitigate"),
  status: riskFields.status.default("open"),
  reviewDue: riskFields.reviewDue.optional(),
});
export type CreateRiskInput = z.input<typeof createRiskSchema>;

export const patchRiskSchema = z.strictObject({
  version: z.number({ error: "is required: the version your edit started from" }).int().min(1),
  title: riskFields.title.optional(),
  description: riskFields.description.optional(),
  category: riskFields.category.optional(),
  owner: riskFields.owner.optional(),
  clusters: riskFields.clusters.optional(),
  inherent: riskFields.inherent.optional(),
  residual: riskFields.residual.optional(),
  target: riskFields.target.optional(),
  confidence: riskFields.confidence.optional(),
  treatment: riskFields.treatment.optional(),
  status: riskFields.status.optional(),
  reviewDue: riskFields.reviewDue.optional(),
  /** Request acceptance (approved later by the named approver), or null to withdraw it. */
  acceptance: acceptanceInput.nullable().optional(),
  /** Why: kept with the revision. */
  note: text(2000).optional(),
});
export type PatchRiskInput = z.input<typeof patchRiskSchema>;

/** The stored state of a risk, as revisions keep it (flat, ids not names). */
export interface RiskState {
  title: string;
  description: string;
  category: string;
  ownerId: string | null;
  clusters: string[];
  inherent: Scores;
  residual: Scores;
  target: Scores;
  confidence: Confidence;
  treatment: Treatment;
  status: Status;
  reviewDue: string;
  lastReviewedAt: string | null;
  acceptance: AcceptanceState | null;
  links?: string[];
}

/** The three scores as the table and the CSV hold them: one column per likelihood and impact. */
export interface ScoreColumns {
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number;
  residualImpact: number;
  targetLikelihood: number;
  targetImpact: number;
}

export function scoresOf(c: ScoreColumns): Pick<RiskState, "inherent" | "residual" | "target"> {
  return {
    inherent: { likelihood: c.inherentLikelihood, impact: c.inherentImpact },
    residual: { likelihood: c.residualLikelihood, impact: c.residualImpact },
    target: { likelihood: c.targetLikelihood, impact: c.targetImpact },
  };
}

export interface AcceptanceState {
  approver: string | null;
  rationale: string;
  expiresAt: string;
  state: "pending" | "approved" | "expired";
  requestedBy: string | null;
  approvedAt: string | null;
  basis: { inherent: Scores; residual: Scores } | null;
}

export interface ScoredView {
  likelihood: number;
  impact: number;
  score: number;
  level: string;
  levelName: string;
  color: string;
}

export function scored(m: RiskMatrix, s: Scores): ScoredView {
  const l = levelOf(m, s.likelihood, s.impact);
  return {
    likelihood: s.likelihood,
    impact: s.impact,
    score: s.likelihood * s.impact,
    level: l.key,
    levelName: l.name,
    color: l.color,
  };
}

export function isAboveAppetite(m: RiskMatrix, st: Pick<RiskState, "residual">): boolean {
  return aboveAppetite(m, st.residual.likelihood, st.residual.impact);
}

const KEYS: (keyof RiskState)[] = [
  "title",
  "description",
  "category",
  "ownerId",
  "clusters",
  "inherent",
  "residual",
  "target",
  "confidence",
  "treatment",
  "status",
  "reviewDue",
  "lastReviewedAt",
  "acceptance",
  "links",
];

/** Field names whose value differs (deep, by JSON). */
export function changedFields(before: RiskState | null, after: RiskState): string[] {
  if (!before) return KEYS.filter((k) => after[k] !== undefined);
  return KEYS.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

/**
 * Material change after acceptance: the residual score moved, or the inherent or residual level
 * changed, against what the approver saw. Such a change asks the approver again.
 */
export function isMaterialChange(
  m: RiskMatrix,
  basis: { inherent: Scores; residual: Scores },
  now: Pick<RiskState, "inherent" | "residual">,
): boolean {
  const lvl = (s: Scores) => levelOf(m, s.likelihood, s.impact).key;
  if (basis.residual.likelihood * basis.residual.impact !== now.residual.likelihood * now.residual.impact)
    return true;
  if (lvl(basis.residual) !== lvl(now.residual)) return true;
  return lvl(basis.inherent) !== lvl(now.inherent);
}

/** Is the acceptance approved and past its expiry at `now`? */
export function acceptanceExpired(a: AcceptanceState | null, now: Date): boolean {
  return !!a && a.state === "approved" && new Date(a.expiresAt).getTime() <= now.getTime();
}
