import "server-only";
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { APIError } from "better-auth/api";
import { appSecret, baseUrl } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from "./password";

/**
 * Better Auth owns login, sessions (stored in PostgreSQL, httpOnly SameSite cookies, Secure under HTTPS),
 * CSRF/origin checks on its routes and the login rate limit (counters in the database, so replicas share
 * them). Users are created by admins (lib/auth/users.ts), never by public sign-up.
 */
function createAuth() {
  const url = baseUrl();
  return betterAuth({
    appName: "Posture",
    baseURL: url,
    secret: appSecret(),
    database: pool(),
    trustedOrigins: [url],
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
    },
    user: {
      additionalFields: {
        role: { type: "string", defaultValue: "viewer", input: false },
        disabled: { type: "boolean", defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rate_limit",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: 10 } },
    },
    advanced: {
      useSecureCookies: url.startsWith("https://"),
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const r = await pool().query<{ disabled: boolean }>(`SELECT disabled FROM "user" WHERE id = $1`, [
              session.userId,
            ]);
            if (r.rows[0]?.disabled) {
              throw new APIError("FORBIDDEN", { message: "This account is disabled. Ask an admin to enable it." });
            }
          },
        },
      },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { postureAuth?: Auth };

export function auth(): Auth {
  globalForAuth.postureAuth ??= createAuth();
  return globalForAuth.postureAuth;
}
