"use server";

import { changeOwnPassword } from "@/lib/auth/passwords";
import { actorOf } from "@/lib/auth/principal";
import { formAction } from "@/lib/http/action";

export const changePasswordAction = formAction("read", async (p, form) => {
  const newPassword = String(form.get("newPassword") ?? "");
  if (newPassword !== String(form.get("confirmPassword") ?? ""))
    return { ok: false, fieldErrors: { confirmPassword: "does not match the new password" } };
  const { sessionsEnded } = await changeOwnPassword(actorOf(p), p, {
    currentPassword: String(form.get("currentPassword") ?? ""),
    newPassword,
  });
  return {
    ok: true,
    message: `Password changed.${sessionsEnded ? ` ${sessionsEnded} other session${sessionsEnded === 1 ? "" : "s"} signed out.` : ""}`,
  };
});
