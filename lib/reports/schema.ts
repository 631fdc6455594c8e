// Request bodies of the report routes (also read by the OpenAPI document).
import { z } from "zod";

/** PUT /api/v1/reports/schedule */
export const scheduleBody = z
  .object({ cadence: z.enum(["off", "weekly", "monthly"]), cluster: z.string().max(200).nullish() })
  .strict();

/** POST /api/v1/reports/snapshots: freeze a period's report. */
export const freezeBody = z
  .object({ period: z.string().max(40).optional(), cluster: z.string().max(200).nullish() })
  .strict();
