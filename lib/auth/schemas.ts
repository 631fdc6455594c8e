// Request bodies of the token and user routes (also read by the OpenAPI document).
import { z } from "zod";
import { ROLES } from "./roles";

/** POST /api/v1/tokens */
export const tokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string()).min(1),
  expiresIn: z.string().default("90d"),
  /** Default cluster for pushed records that name none (no ?cluster=, envelope or record label). */
  cluster: z.string().trim().max(63).nullish(),
});

/** PATCH /api/v1/users/{id} */
export const userPatchBody = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "send role and/or disabled");

/** POST /api/v1/users/{id}/password: a new password, or none to have one generated (returned once). */
export const passwordResetBody = z.strictObject({ password: z.string().max(1024).nullish() });
