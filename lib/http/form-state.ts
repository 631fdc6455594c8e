// The state a form shows after a submit, the same for server actions (useActionState) and for forms that
// call the REST API (lib/client/use-api-form.ts): a message, errors by field, or a one-time secret.
// No server-only import: client components read it too.

export interface ActionState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  secret?: string;
}

/** AppError details of the form [{path, message}] (as readJson and domain checks give) by field. */
export function fieldErrorsOf(details: unknown): Record<string, string> | undefined {
  if (!Array.isArray(details)) return undefined;
  const out: Record<string, string> = {};
  for (const d of details as { path?: unknown; message?: unknown }[])
    if (typeof d?.path === "string" && typeof d.message === "string") out[d.path.split(".")[0]] ??= d.message;
  return Object.keys(out).length ? out : undefined;
}

/** A server action as a client form receives it (the function `formAction` returns). */
export type FormActionFn = (prev: ActionState, form: FormData) => Promise<ActionState>;
