"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { formAction } from "@/lib/http/action";
import { createFromBody, patchFromBody, runAction } from "@/lib/incidents/http";
import { actionBody, createIncidentBody, patchIncidentBody } from "@/lib/incidents/schema";
import { displayZone } from "@/lib/time/server";
import { fromZonedInput } from "@/lib/time/zone";

/**
 * Form fields → the API body: empty fields are absent; datetime-local values are wall times in the user's
 * display zone (the zone the form's labels name), turned into instants here.
 */
async function fields(form: FormData): Promise<Record<string, unknown>> {
  const zone = await displayZone();
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string" || k.startsWith("$") || k === "id") continue;
    const s = v.trim();
    if (!s) continue;
    out[k] = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s) ? fromZonedInput(s, zone) : s;
  }
  return out;
}

export const createIncidentAction = formAction("operate", async (p, form) => {
  const inc = await createFromBody(actorOf(p), createIncidentBody.parse(await fields(form)));
  revalidatePath("/incidents");
  redirect(`/incidents/${inc.id}`);
});

export const incidentAction = formAction("operate", async (p, form) => {
  const id = z.string().uuid().parse(form.get("id"));
  const f = await fields(form);
  // "Back to automatic" on a correction is an explicit empty value.
  if (f.action === "correct" && f.value === undefined) f.value = null;
  const body = actionBody.parse(f);
  await runAction(actorOf(p), id, body);
  revalidatePath(`/incidents/${id}`);
  revalidatePath("/incidents");
  return { ok: true, message: "Saved." };
});

export const patchIncidentAction = formAction("operate", async (p, form) => {
  const id = z.string().uuid().parse(form.get("id"));
  const f = await fields(form);
  if (form.has("owner") && f.owner === undefined) f.owner = null;
  await patchFromBody(actorOf(p), id, patchIncidentBody.parse(f));
  revalidatePath(`/incidents/${id}`);
  return { ok: true, message: "Saved." };
});
