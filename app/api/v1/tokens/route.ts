import { actorOf } from "@/lib/auth/principal";
import { can, OPERATE_READ, OPERATE_WRITE } from "@/lib/auth/roles";
import { tokenCreateBody } from "@/lib/auth/schemas";
import { listTokens } from "@/lib/auth/token-queries";
import { createToken, parseDuration, parseScopes } from "@/lib/auth/tokens";
import { withPrismaTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

export const GET = apiRoute(OPERATE_READ, async ({ principal }) => ({
  tokens: await listTokens({ userId: can(principal.role, "admin") ? undefined : principal.userId }),
}));

export const POST = apiRoute(OPERATE_WRITE, async ({ req, principal }) => {
  const input = await readJson(req, tokenCreateBody);
  const scopes = parseScopes(input.scopes);
  const expiresInMs = parseDuration(input.expiresIn);
  const t = await withPrismaTransaction((_tx, sql) =>
    createToken(sql, actorOf(principal), {
      userId: principal.userId,
      name: input.name,
      scopes,
      expiresInMs,
      cluster: input.cluster ?? null,
    }),
  );
  return Response.json({ id: t.id, token: t.token, expiresAt: t.expiresAt }, { status: 201 });
});
