// Request bodies of the incident API and forms (zod), shared by route handlers and server actions.
import { z } from "zod";
import { SEVERITIES } from "@/lib/severity";
import { CORRECTABLE } from "./correctable";

export const SEVERITY = z.enum(SEVERITIES);
const reason = z.string().trim().min(3, "say why (at least 3 characters)").max(2000);
const time = z.string().trim().min(1).max(64);

export const createIncidentBody = z.object({
  title: z.string().trim().min(3).max(300),
  severity: SEVERITY.default("medium"),
  cluster: z.string().trim().max(63).nullish(),
  namespace: z.string().trim().max(253).nullish(),
  workload: z.string().trim().max(253).nullish(),
  detectedAt: time.nullish(),
  startedAt: time.nullish(),
  owner: z.string().trim().max(200).nullish(),
});

export const patchIncidentBody = z
  .object({
    title: z.string().trim().min(3).max(300).optional(),
    severity: SEVERITY.optional(),
    owner: z.string().trim().max(200).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one of title, severity, owner");

export const actionBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("acknowledge"), at: time.nullish(), reason: z.string().max(2000).nullish() }),
  z.object({ action: z.literal("contain"), at: time.nullish(), reason: z.string().max(2000).nullish() }),
  z.object({ action: z.literal("resolve"), at: time.nullish(), reason: z.string().max(2000).nullish() }),
  z.object({ action: z.literal("note"), text: z.string().trim().min(1).max(10_000) }),
  z.object({
    action: z.literal("link"),
    evidenceId: z.string().uuid(),
    reason: z.string().max(2000).nullish(),
  }),
  z.object({
    action: z.literal("unlink"),
    evidenceId: z.string().uuid(),
    reason: z.string().max(2000).nullish(),
  }),
  z.object({
    action: z.literal("correct"),
    field: z.enum(CORRECTABLE),
    value: time.nullable(),
    reason,
    confidence: z.enum(["observed", "estimated"]).optional(),
  }),
]);
export type ActionBody = z.infer<typeof actionBody>;

export const ruleSettingBody = z.object({
  rule: z.string().trim().min(1).max(100),
  autoEscalate: z.boolean(),
});
