// The 5×5 risk matrix: likelihood × impact → a level, an appetite threshold and a review cadence per
// level. Pure; the stored setting ("risks.matrix") is validated by matrixSchema.
import { z } from "zod";

export const SCALE = [1, 2, 3, 4, 5] as const;
/** The names of the scale's steps (index 0 is step 1), shown beside the numbers in forms and heat maps. */
export const LIKELIHOOD_NAMES = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"] as const;
export const IMPACT_NAMES = ["Negligible", "Minor", "Moderate", "Major", "Severe"] as const;

const levelSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "lowercase letters, digits, - and _"),
  name: z.string().trim().min(1).max(40),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "a #rrggbb colour"),
  /** Days between reviews of a risk at this (residual) level. */
  reviewDays: z.number().int().min(1).max(3650),
});

export const matrixSchema = z
  .object({
    /** Ordered from least to most severe. */
    levels: z.array(levelSchema).min(2).max(6),
    /** grid[likelihood-1][impact-1] = index into levels. */
    grid: z.array(z.array(z.number().int().min(0)).length(5)).length(5),
    /** The most severe level that is acceptable; a residual level above it is "above appetite". */
    appetite: z.string(),
  })
  .superRefine((m, ctx) => {
    const keys = m.levels.map((l) => l.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: "custom", path: ["levels"], message: "level keys must be unique" });
    for (const [l, row] of m.grid.entries()) {
      for (const [i, v] of row.entries()) {
        if (v >= m.levels.length) {
          ctx.addIssue({
            code: "custom",
            path: ["grid", l, i],
            message: `level index ${v} does not exist (0–${m.levels.length - 1})`,
          });
        }
      }
    }
    if (!keys.includes(m.appetite))
      ctx.addIssue({ code: "custom", path: ["appetite"], message: `must be one of ${keys.join(", ")}` });
  });

export type RiskMatrix = z.infer<typeof matrixSchema>;
export type Level = RiskMatrix["levels"][number];

/** Level index for a plain L×I score: ≤4 low, ≤9 medium, ≤16 high, else critical. */
function defaultIndex(score: number): number {
  return score <= 4 ? 0 : score <= 9 ? 1 : score <= 16 ? 2 : 3;
}

export const DEFAULT_MATRIX: RiskMatrix = {
  levels: [
    { key: "low", name: "Low", color: "#4caf7d", reviewDays: 180 },
    { key: "medium", name: "Medium", color: "#e8c547", reviewDays: 90 },
    { key: "high", name: "High", color: "#ec8a3c", reviewDays: 30 },
    { key: "critical", name: "Critical", color: "#d64545", reviewDays: 14 },
  ],
  grid: SCALE.map((l) => SCALE.map((i) => defaultIndex(l * i))),
  appetite: "medium",
};

export function isScore(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 5;
}

export function levelIndex(m: RiskMatrix, likelihood: number, impact: number): number {
  if (!isScore(likelihood) || !isScore(impact))
    throw new RangeError(`likelihood and impact must be 1–5 (got ${likelihood}×${impact})`);
  return m.grid[likelihood - 1][impact - 1];
}

export function levelOf(m: RiskMatrix, likelihood: number, impact: number): Level {
  return m.levels[levelIndex(m, likelihood, impact)];
}

export function appetiteIndex(m: RiskMatrix): number {
  return m.levels.findIndex((l) => l.key === m.appetite);
}

export function aboveAppetite(m: RiskMatrix, likelihood: number, impact: number): boolean {
  return levelIndex(m, likelihood, impact) > appetiteIndex(m);
}

export function levelIndexByKey(m: RiskMatrix, key: string): number {
  return m.levels.findIndex((l) => l.key === key);
}

const DAY = 86_400_000;

/** The next review date: `from` plus the cadence of the residual level. */
export function nextReviewDue(m: RiskMatrix, likelihood: number, impact: number, from: Date): Date {
  return new Date(from.getTime() + levelOf(m, likelihood, impact).reviewDays * DAY);
}

/**
 * After an edit the review stays where it was unless the new level's cadence asks for an earlier one
 * (a risk that got worse is looked at sooner; one that got better keeps its date).
 */
export function reviewDueAfterChange(
  m: RiskMatrix,
  current: Date,
  likelihood: number,
  impact: number,
  lastReviewOrCreate: Date,
): Date {
  const byCadence = nextReviewDue(m, likelihood, impact, lastReviewOrCreate);
  return byCadence < current ? byCadence : current;
}
