import "server-only";
import { z } from "zod";
import { type Actor, audit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/prisma";
import { withPrismaTransaction } from "@/lib/db/sql";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { hashPassword, verifyPassword } from "./password";
import { passwordProblem } from "./password-policy";
import { accountKey, clearFailures, lockedFor, recordFailure } from "./sign-in-limit";
import { generatePassword } from "./users";

// Password changes, the only ways a password is set after an account exists. Both end sessions — a
// stolen session must not survive the password change meant to lock its thief out — and both are audited
// in the same transaction. Better Auth's own change/reset endpoints are closed (lib/auth/better-auth.ts).

export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, "is required").max(1024),
  newPassword: z.string().max(1024),
});

/** Signed-in user changes their own password: the current one is required; their other sessions end. */
export async function changeOwnPassword(
  actor: Actor,
  user: { userId: string; sessionId?: string },
  raw: z.input<typeof changeOwnPasswordInput>,
): Promise<{ sessionsEnded: number }> {
  const input = changeOwnPasswordInput.parse(raw);
  const u = await prisma().user.findUnique({
    where: { id: user.userId },
    select: { email: true, name: true, accounts: { where: { providerId: "credential" } } },
  });
  if (!u) throw notFound("user");
  const credential = u.accounts[0];
  if (!credential?.password)
    throw badRequest("This account signs in through single sign-on; change the password there");
  // Guessing the current password from a stolen session counts against the same per-account lock as
  // guessing it at sign-in.
  const key = accountKey(u.email);
  const wait = key ? await lockedFor(key) : 0;
  if (wait > 0)
    throw new AppError("rate_limited", `Too many wrong passwords; try again in ${wait} s`, {
      retryAfterSeconds: wait,
    });
  if (!(await verifyPassword(credential.password, input.currentPassword))) {
    if (key) await recordFailure(key);
    throw new AppError("forbidden", "currentPassword: the current password is not right", [
      { path: "currentPassword", message: "is not right" },
    ]);
  }
  if (input.newPassword === input.currentPassword)
    throw badRequest("newPassword: must differ from the current password", [
      { path: "newPassword", message: "must differ from the current password" },
    ]);
  checkStrength(input.newPassword, u.email, u.name);
  const hash = await hashPassword(input.newPassword);
  return withPrismaTransaction(async (tx, sql) => {
    await tx.account.update({ where: { id: credential.id }, data: { password: hash } });
    const ended = await tx.session.deleteMany({
      where: { userId: user.userId, ...(user.sessionId ? { NOT: { id: user.sessionId } } : {}) },
    });
    await audit(sql, actor, {
      action: "user.password.change",
      targetType: "user",
      targetId: user.userId,
      data: { email: u.email, sessionsEnded: ended.count },
    });
    return { sessionsEnded: ended.count };
  });
}

/**
 * An admin sets a new password for another user (typed, or generated and returned once). Every session of
 * that user ends, their sign-in lock is lifted, and the reset is audited.
 */
export async function resetPassword(
  actor: Actor,
  userId: string,
  typed?: string | null,
): Promise<{ password: string | null; sessionsEnded: number }> {
  const u = await prisma().user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!u) throw notFound("user");
  const password = typed || generatePassword();
  if (typed) checkStrength(typed, u.email, u.name);
  const hash = await hashPassword(password);
  const out = await withPrismaTransaction(async (tx, sql) => {
    const credential = await tx.account.findFirst({ where: { userId, providerId: "credential" } });
    if (credential) await tx.account.update({ where: { id: credential.id }, data: { password: hash } });
    else
      await tx.account.create({
        data: {
          id: crypto.randomUUID(),
          accountId: userId,
          providerId: "credential",
          userId,
          password: hash,
        },
      });
    const ended = await tx.session.deleteMany({ where: { userId } });
    await audit(sql, actor, {
      action: "user.password.reset",
      targetType: "user",
      targetId: userId,
      data: { email: u.email, generated: !typed, sessionsEnded: ended.count },
    });
    return { password: typed ? null : password, sessionsEnded: ended.count };
  });
  const key = accountKey(u.email);
  if (key) await clearFailures(key);
  return out;
}

function checkStrength(password: string, email: string, name: string) {
  const problem = passwordProblem(password, [email, name]);
  if (problem) throw badRequest(`newPassword: ${problem}`, [{ path: "newPassword", message: problem }]);
}
