import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { createUser, generatePassword } from "@/lib/auth/users";
import { env } from "@/lib/config/env";
import { prisma } from "@/lib/db/prisma";

export interface FirstAdmin {
  email: string;
  password: string | null; // null: taken from the environment, not printed
  created: boolean;
}

/** Creates the first admin when there are no users yet (POSTURE_ADMIN_EMAIL / POSTURE_ADMIN_PASSWORD). */
export async function ensureFirstAdmin(): Promise<FirstAdmin> {
  const email = env().POSTURE_ADMIN_EMAIL.trim().toLowerCase();
  const count = await prisma().user.count();
  if (count > 0) return { email, password: null, created: false };
  const fromEnv = env().POSTURE_ADMIN_PASSWORD;
  const password = fromEnv ?? generatePassword();
  await createUser(SYSTEM_ACTOR, { email, name: "Administrator", role: "admin", password });
  return { email, password: fromEnv ? null : password, created: true };
}
