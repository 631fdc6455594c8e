"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { ActionState } from "@/lib/http/form-state";
import { errorState } from "./api";

/** What a submit returns: a message to show, full form state, or nothing (plain success). */
type Outcome = ActionState | string | undefined;

/**
 * Pending flag and result state for anything that calls the REST API from a form or a button, in the
 * same ActionState shape server actions give to useActionState, so <FormStatus> shows both alike.
 * On success the server-rendered page is refreshed (unless `refresh: false`).
 */
export function useApiAction(opts: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [state, setState] = useState<ActionState>({});
  const [pending, setPending] = useState<string | null>(null);

  /** Runs `fn`; `label` names what is pending (several buttons may share one hook). */
  async function run(fn: () => Promise<Outcome> | Promise<void>, label = "submit"): Promise<boolean> {
    setPending(label);
    setState({});
    try {
      const out = (await fn()) ?? undefined;
      const s: ActionState = typeof out === "string" ? { ok: true, message: out } : (out ?? { ok: true });
      setState(s);
      if (s.ok !== false && opts.refresh !== false) router.refresh();
      return s.ok !== false;
    } catch (e) {
      setState(errorState(e));
      return false;
    } finally {
      setPending(null);
    }
  }
  return { state, setState, pending, run };
}

/**
 * A form that calls the REST API: `const f = useApiForm(async (data) => { await apiFetch(…); return "Saved." })`
 * then `<form onSubmit={f.onSubmit}>`, `f.pending`, `<FormStatus state={f.state} />`. The form is reset
 * after a success unless `reset: false`.
 */
export function useApiForm(
  submit: (data: FormData, form: HTMLFormElement) => Promise<Outcome> | Promise<void>,
  opts: { refresh?: boolean; reset?: boolean } = {},
) {
  const a = useApiAction(opts);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const ok = await a.run(() => submit(new FormData(form), form));
    if (ok && opts.reset !== false) form.reset();
  }
  return { state: a.state, setState: a.setState, pending: a.pending !== null, onSubmit };
}
