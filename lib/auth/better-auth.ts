import "server-only";
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins";
import { audit } from "@/lib/audit/log";
import { appSecret, baseUrl, env } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { CLIENT_HEADER } from "@/lib/http/client-address";
import { OIDC_PROVIDER_ID, oidcSettings } from "./oidc";
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from "./password";

/**
 * Better Auth owns login, sessions (stored in PostgreSQL, httpOnly SameSite cookies, Secure under HTTPS),
 * CSRF/origin checks on its routes and the login rate limit (counters in the database, so replicas share
 * them). Users are created by admins (lib/auth/users.ts), never by public sign-up.
 */
function createAuth() {
  const url = baseUrl();
  const oidc = oidcSettings();
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
    // An SSO sign-in with the email of an existing user signs in as that user.
    account: { accountLinking: { enabled: true, trustedProviders: oidc ? [OIDC_PROVIDER_ID] : [] } },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rate_limit",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env().POSTURE_LOGIN_RATE_PER_MIN },
      },
    },
    advanced: {
      useSecureCookies: url.startsWith("https://"),
      // Set by lib/auth/auth-route.ts from the connection's peer and the trusted proxies, never by a client.
      ipAddress: { ipAddressHeaders: [CLIENT_HEADER] },
    },
    databaseHooks: {
      user: {
        // Only SSO creates users through Better Auth (sign-up is off): give them the configured role.
        create: {
          before: async (user) => ({
            data: { ...user, role: oidc?.defaultRole ?? "viewer", emailVerified: true },
          }),
          after: async (user) => {
            // Better Auth has committed the user by now: the event gets a transaction of its own.
            await withPgTransaction(pool(), (_c, sql) =>
              audit(
                sql,
                { type: "system", id: null, label: "sso" },
                {
                  action: "user.create",
                  targetType: "user",
                  targetId: user.id,
                  data: { email: user.email, via: "oidc", role: oidc?.defaultRole ?? "viewer" },
                },
              ),
            );
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const r = await pool().query<{ disabled: boolean }>(`SELECT disabled FROM "user" WHERE id = $1`, [
              session.userId,
            ]);
            if (r.rows[0]?.disabled) {
              throw new APIError("FORBIDDEN", {
                message: "This account is disabled. Ask an admin to enable it.",
              });
            }
          },
        },
      },
    },
    // Password changes and resets go through lib/auth/passwords.ts (strength check, other sessions ended,
    // audited); profile and email changes through admins. Better Auth's own versions would skip all that.
    disabledPaths: [
      "/change-password",
      "/change-email",
      "/update-user",
      "/delete-user",
      "/delete-user/callback",
      "/request-password-reset",
      "/reset-password",
      "/verify-password",
      "/send-verification-email",
      "/verify-email",
      "/sign-up/email",
      "/link-social",
      "/unlink-account",
    ],
    telemetry: { enabled: false },
    plugins: [
      nextCookies(),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: oidc.name,
                  discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                  disableImplicitSignUp: !oidc.autoProvision,
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { postureAuth?: Auth };

export function auth(): Auth {
  globalForAuth.postureAuth ??= createAuth();
  return globalForAuth.postureAuth;
}
