"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { createToken, parseDuration, parseScopes, revokeToken } from "@/lib/auth/tokens";
import { withPrismaTransaction } from "@/lib/db/sql";
import { formAction } from "@/lib/http/action";

export const createTokenAction = formAction("operate", async (p, form) => {
  const name = z.string().trim().min(1, "is required").max(100).parse(form.get("name"));
  const scopes = parseScopes(form.getAll("scopes").map(String));
  const expiresInMs = parseDuration(String(form.get("expiresIn") ?? "90d"));
  const cluster =
    z
      .string()
      .trim()
      .max(63)
      .parse(form.get("cluster") ?? "") || null;
  const created = await withPrismaTransaction((_tx, sql) =>
    createToken(sql, actorOf(p), { userId: p.userId, name, scopes, expiresInMs, cluster }),
  );
  revalidatePath("/tokens");
  return {
    ok: true,
    message: `Token "${name}" created. Copy it now: it is shown only once.`,
    secret: created.token,
  };
});

export const revokeTokenAction = formAction("operate", async (p, form) => {
  const id = z.string().uuid().parse(form.get("id"));
  await withPrismaTransaction((_tx, sql) =>
    revokeToken(sql, actorOf(p), id, can(p.role, "admin") ? undefined : p.userId),
  );
  revalidatePath("/tokens");
  return { ok: true, message: "Token revoked." };
});

/** Plain form action for the Revoke button (no state to show beyond the refreshed table). */
export async function revokeTokenForm(form: FormData): Promise<void> {
  await revokeTokenAction({}, form);
}
