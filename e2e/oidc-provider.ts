// A local OpenID Connect provider (the `oidc-provider` library, in development-interaction mode: any
// login name signs in) for the SSO end-to-end test.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3211);
const appUrl = process.env.APP_URL ?? "http://localhost:3210";
const issuer = `http://localhost:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "posture-e2e",
      client_secret: "posture-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(_ctx: unknown, id: string) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@sso.e2e.local`, email_verified: true, name: `SSO ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  // Development cookies over plain http on loopback.
  cookies: { keys: ["e2e-cookie-key"] },
});
provider.proxy = false;
provider.listen(port, () => console.log(`oidc-provider listening on ${issuer}`));
