"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { resetPassword } from "@/lib/auth/passwords";
import { actorOf } from "@/lib/auth/principal";
import { ROLES } from "@/lib/auth/roles";
import { createUser, generatePassword, newUserSchema, setDisabled, setRole } from "@/lib/auth/users";
import { formAction } from "@/lib/http/action";
import { setRetention } from "@/lib/retention/partitions";

export const createUserAction = formAction("admin", async (p, form) => {
  const typed = String(form.get("password") ?? "");
  const password = typed || generatePassword();
  const input = newUserSchema.parse({
    email: form.get("email"),
    name: form.get("name"),
    role: form.get("role"),
    password,
  });
  await createUser(actorOf(p), input);
  revalidatePath("/admin");
  return {
    ok: true,
    message: `User ${input.email} created.${typed ? "" : " Give them this one-time password:"}`,
    secret: typed ? undefined : password,
  };
});

const roleSchema = z.object({ userId: z.string().min(1), role: z.enum(ROLES) });

export const setRoleAction = formAction("admin", async (p, form) => {
  const { userId, role } = roleSchema.parse({ userId: form.get("userId"), role: form.get("role") });
  await setRole(actorOf(p), userId, role);
  revalidatePath("/admin");
  return { ok: true, message: "Role changed." };
});

export const toggleDisabledAction = formAction("admin", async (p, form) => {
  const userId = z.string().min(1).parse(form.get("userId"));
  const disabled = form.get("disabled") === "true";
  if (userId === p.userId && disabled) return { ok: false, message: "You cannot disable yourself." };
  await setDisabled(actorOf(p), userId, disabled);
  revalidatePath("/admin");
  return { ok: true, message: disabled ? "User disabled and signed out." : "User enabled." };
});

const retentionSchema = z.object({
  table: z.string().min(1).max(80),
  days: z.coerce.number().int().min(1).max(3660),
});

export const setRetentionAction = formAction("admin", async (p, form) => {
  const { table, days } = retentionSchema.parse({ table: form.get("table"), days: form.get("days") });
  await setRetention(actorOf(p), table, days);
  revalidatePath("/admin");
  return { ok: true, message: `Kept for ${days} days from the next daily run.` };
});

export const resetPasswordAction = formAction("admin", async (p, form) => {
  const userId = z.string().min(1).max(200).parse(form.get("userId"));
  if (userId === p.userId)
    return {
      ok: false,
      message: "Change your own password on the Account page (it needs your current one).",
    };
  const typed = String(form.get("password") ?? "");
  const r = await resetPassword(actorOf(p), userId, typed || null);
  revalidatePath("/admin");
  return {
    ok: true,
    message: `Password reset; the user was signed out everywhere.${r.password ? " Give them this one-time password:" : ""}`,
    secret: r.password ?? undefined,
  };
});
