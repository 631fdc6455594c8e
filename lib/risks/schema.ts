// Request bodies of the risk routes that are not the risk itself (also read by the OpenAPI document).
import { z } from "zod";

/** POST /api/v1/risks/{id}/review */
export const reviewBody = z.strictObject({
  version: z.number().int().min(1),
  note: z.string().trim().max(2000).optional(),
});

/** POST /api/v1/risks/{id}/acceptance: approve or reject a requested acceptance. */
export const acceptanceDecisionBody = z.strictObject({
  version: z.number().int().min(1),
  decision: z.enum(["approve", "reject"]),
  note: z.string().trim().max(2000).optional(),
});

/** PUT /api/v1/risks/filters: the register filters as a query string. */
export const savedFiltersBody = z.strictObject({ query: z.string().max(2000) });
