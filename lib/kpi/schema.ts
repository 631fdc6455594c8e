// Request bodies of the KPI routes (also read by the OpenAPI document).
import { z } from "zod";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

/** POST /api/v1/kpis/snapshots: the days to recompute. */
export const backfillBody = z.object({ from: Day, to: Day }).strict();

/** PUT /api/v1/kpis/targets: set a target, or remove it. */
export const targetBody = z.union([
  z
    .object({ metric: z.string().max(80), comparator: z.enum([">=", "<="]), value: z.number().finite() })
    .strict(),
  z.object({ metric: z.string().max(80), remove: z.literal(true) }).strict(),
]);
