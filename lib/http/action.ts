import "server-only";
import { ZodError } from "zod";
import type { Principal } from "@/lib/auth/principal";
import type { Capability } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { primaryLsn, READ_AFTER_COOKIE, replicaConfigured } from "@/lib/db/replica";
import { isAppError } from "@/lib/errors";
import { dbErrorToAppError } from "./db-errors";
import { type ActionState, fieldErrorsOf } from "./form-state";
import { textProblem } from "./input";

export type { ActionState };

const CHECK_FIELDS = "Check the highlighted fields.";

/** Form fields that can never be stored (NUL, unpaired surrogates), checked before any action runs. */
function formProblems(form: FormData): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const [key, value] of form.entries()) {
    const problem = typeof value === "string" ? textProblem(value) : null;
    if (problem) {
      out ??= {};
      out[key.startsWith("$ACTION") ? "form" : key] ??= problem;
    }
  }
  return out;
}

/**
 * The one wrapper for server actions (session auth): checks the role on the server, and turns validation,
 * domain and database errors (refused values, conflicts, outages) into form state instead of an error
 * page. Cross-origin posts are refused with 403 before they reach an action (proxy.ts).
 */
export function formAction(
  capability: Capability,
  fn: (principal: Principal, form: FormData) => Promise<ActionState | undefined>,
) {
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    const principal = await requireUser(capability);
    const bad = formProblems(form);
    if (bad) return { ok: false, message: CHECK_FIELDS, fieldErrors: bad };
    try {
      const out = (await fn(principal, form)) ?? { ok: true };
      if (replicaConfigured()) {
        // The actor's next page reads must not come from a standby that has not replayed this write.
        const { cookies } = await import("next/headers");
        (await cookies()).set(READ_AFTER_COOKIE, await primaryLsn(), {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          maxAge: 600,
        });
      }
      return out;
    } catch (e) {
      if (e instanceof ZodError) {
        const fieldErrors: Record<string, string> = {};
        for (const i of e.issues) fieldErrors[String(i.path[0] ?? "form")] ??= i.message;
        return { ok: false, message: CHECK_FIELDS, fieldErrors };
      }
      if (isAppError(e)) {
        // The reason is shown at its field; the line by the button then only points there (as for zod).
        const fieldErrors = fieldErrorsOf(e.details);
        return { ok: false, message: fieldErrors ? CHECK_FIELDS : e.message, fieldErrors };
      }
      const db = dbErrorToAppError(e);
      if (db) return { ok: false, message: db.message };
      throw e;
    }
  };
}
