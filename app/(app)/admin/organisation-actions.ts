"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { formAction } from "@/lib/http/action";
import { setOrganisation } from "@/lib/reports/organisation";

const schema = z.object({ name: z.string().trim().max(120, "at most 120 characters") });

export const setOrganisationAction = formAction("admin", async (p, form) => {
  const { name } = schema.parse({ name: form.get("name") ?? "" });
  const saved = await setOrganisation(actorOf(p), name);
  revalidatePath("/admin");
  return { ok: true, message: saved ? `Reports now name ${saved}.` : "Organisation name removed." };
});
