// Request bodies that live beside their domains, gathered under names the operation catalogue uses.
import { changeOwnPasswordInput } from "@/lib/auth/passwords";
import { passwordResetBody, tokenCreateBody, userPatchBody } from "@/lib/auth/schemas";
import { backfillBody, targetBody } from "@/lib/kpi/schema";
import { freezeBody, scheduleBody } from "@/lib/reports/schema";
import { acceptanceDecisionBody, reviewBody, savedFiltersBody } from "@/lib/risks/schema";

export const documentedBodies = {
  kpiBackfill: backfillBody,
  kpiTarget: targetBody,
  reportSchedule: scheduleBody,
  reportFreeze: freezeBody,
  riskAcceptance: acceptanceDecisionBody,
  riskReview: reviewBody,
  riskFilters: savedFiltersBody,
  tokenCreate: tokenCreateBody,
  userPatch: userPatchBody,
  passwordReset: passwordResetBody,
  passwordChange: changeOwnPasswordInput,
};
