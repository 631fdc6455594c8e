import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { type Actor, audit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/prisma";
import { withPrismaTransaction } from "@/lib/db/sql";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { name } from "@/lib/http/input";
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from "./password";
import { passwordProblem } from "./password-policy";
import { ROLES, type Role } from "./roles";

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email("must be an email address").max(254),
    name: name(100),
    role: z.enum(ROLES),
    password: z
      .string()
      .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
      .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
  })
  .superRefine((u, ctx) => {
    const problem = u.password.length >= PASSWORD_MIN ? passwordProblem(u.password, [u.email, u.name]) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type NewUser = z.infer<typeof newUserSchema>;

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function createUser(actor: Actor, input: NewUser): Promise<{ id: string }> {
  const data = newUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const id = randomUUID();
  return withPrismaTransaction(async (tx, sql) => {
    const exists = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (exists) throw new AppError("conflict", `A user with email ${data.email} already exists`);
    await tx.user.create({
      data: { id, email: data.email, name: data.name, role: data.role, emailVerified: true },
    });
    await tx.account.create({
      data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash },
    });
    await audit(sql, actor, {
      action: "user.create",
      targetType: "user",
      targetId: id,
      data: { email: data.email, name: data.name, role: data.role },
    });
    return { id };
  });
}

async function countActiveAdmins(
  tx: Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0],
) {
  return tx.user.count({ where: { role: "admin", disabled: false } });
}

export async function setRole(actor: Actor, userId: string, role: Role): Promise<void> {
  if (!(ROLES as readonly string[]).includes(role))
    throw badRequest(`role: must be one of ${ROLES.join(", ")}`);
  await withPrismaTransaction(async (tx, sql) => {
    const u = await tx.user.findUnique({ where: { id: userId } });
    if (!u) throw notFound("user");
    if (u.role === role) return;
    if (u.role === "admin" && !u.disabled && (await countActiveAdmins(tx)) <= 1) {
      throw new AppError("conflict", "This is the last active admin; make another admin first");
    }
    await tx.user.update({ where: { id: userId }, data: { role } });
    await audit(sql, actor, {
      action: "user.role",
      targetType: "user",
      targetId: userId,
      data: { email: u.email, from: u.role, to: role },
    });
  });
}

/** Disabling signs the user out everywhere (sessions deleted) and stops their API tokens. */
export async function setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<void> {
  await withPrismaTransaction(async (tx, sql) => {
    const u = await tx.user.findUnique({ where: { id: userId } });
    if (!u) throw notFound("user");
    if (u.disabled === disabled) return;
    if (disabled && u.role === "admin" && (await countActiveAdmins(tx)) <= 1) {
      throw new AppError("conflict", "This is the last active admin; it cannot be disabled");
    }
    await tx.user.update({ where: { id: userId }, data: { disabled } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    await audit(sql, actor, {
      action: disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: userId,
      data: { email: u.email },
    });
  });
}

export async function listUsers() {
  return prisma().user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}

export async function findUserByEmail(email: string) {
  return prisma().user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

export async function firstAdmin() {
  return prisma().user.findFirst({
    where: { role: "admin", disabled: false },
    orderBy: { createdAt: "asc" },
  });
}

/** Whether the user has a password of ours (SSO-only users do not). */
export async function hasPassword(userId: string): Promise<boolean> {
  const a = await prisma().account.findFirst({
    where: { userId, providerId: "credential", password: { not: null } },
    select: { id: true },
  });
  return !!a;
}
