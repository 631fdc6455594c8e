import "server-only";
import { ZodError } from "zod";
import type { Principal } from "@/lib/auth/principal";
import type { Capability } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

/** What a form's server action returns to useActionState: a message, errors by field, or a secret. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  secret?: string;
}

/**
 * The one wrapper for server actions (session auth): checks the role on the server, and turns validation
 * and domain errors into form state instead of an error page. Next.js rejects cross-origin action posts.
 */
export function formAction(
  capability: Capability,
  fn: (principal: Principal, form: FormData) => Promise<ActionState | undefined>,
) {
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    const principal = await requireUser(capability);
    try {
      return (await fn(principal, form)) ?? { ok: true };
    } catch (e) {
      if (e instanceof ZodError) {
        const fieldErrors: Record<string, string> = {};
        for (const i of e.issues) fieldErrors[String(i.path[0] ?? "form")] ??= i.message;
        return { ok: false, message: "Check the highlighted fields.", fieldErrors };
      }
      if (isAppError(e)) return { ok: false, message: e.message };
      throw e;
    }
  };
}
