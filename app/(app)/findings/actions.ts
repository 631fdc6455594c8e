"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { setRuleSetting } from "@/lib/detection/rule-settings";
import { formAction } from "@/lib/http/action";
import { inTransaction } from "@/lib/incidents/http";
import { escalateFinding } from "@/lib/incidents/mutations/escalate";

export const escalateAction = formAction("operate", async (p, form) => {
  const id = z.string().uuid().parse(form.get("id"));
  const r = await inTransaction((sql) => escalateFinding(sql, actorOf(p), id));
  revalidatePath("/findings");
  redirect(`/incidents/${r.incidentId}`);
});

export const ruleSettingAction = formAction("operate", async (p, form) => {
  const rule = z.string().min(1).max(100).parse(form.get("rule"));
  const autoEscalate = form.get("autoEscalate") === "on";
  await inTransaction((sql) => setRuleSetting(sql, actorOf(p), rule, { autoEscalate }));
  revalidatePath("/findings");
  return { ok: true, message: autoEscalate ? "Auto-escalation on." : "Auto-escalation off." };
});
