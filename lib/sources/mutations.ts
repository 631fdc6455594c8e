import "server-only";
import { z } from "zod";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/body";
import { resolveCluster } from "@/lib/ingest/clusters";
import { OutboundError, staticRefusal } from "@/lib/net/outbound";
import "./connector-list";
import { allConnectors, type ConnectionCheck, connector } from "./connectors";
import { encryptSecrets } from "./secrets";

export const sourceInput = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.string().min(1),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).optional(),
  intervalSeconds: z
    .number()
    .int()
    .min(30)
    .max(7 * 86400)
    .default(300),
  enabled: z.boolean().default(true),
  cluster: z.string().nullable().optional(),
});
export type SourceInput = z.input<typeof sourceInput>;

/** The config checked against the connector's schema and the outbound rules (400 naming the problem). */
export function validateConfig(kind: string, config: unknown, secrets: Record<string, string> | undefined) {
  const c = connector(kind);
  if (!c)
    throw badRequest(
      `kind: unknown connector "${kind}" (available: ${
        allConnectors()
          .map((x) => x.kind)
          .join(", ") || "none"
      })`,
    );
  const parsed = c.configSchema.safeParse(config);
  if (!parsed.success) {
    const e = zodToAppError(parsed.error);
    throw new AppError("bad_request", `config: ${e.message}`, e.details);
  }
  for (const host of c.targets?.(parsed.data) ?? []) {
    const refused = staticRefusal(host);
    if (refused) throw badRequest(`config: ${host}: ${refused.message}`);
  }
  for (const k of Object.keys(secrets ?? {})) {
    if (!c.secretFields.includes(k))
      throw badRequest(`secrets: "${k}" is not a secret of ${kind} (${c.secretFields.join(", ") || "none"})`);
  }
  return parsed.data;
}

export async function createSource(sql: Sql, actor: Actor, raw: SourceInput): Promise<{ id: string }> {
  const input = sourceInput.parse(raw);
  const config = validateConfig(input.kind, input.config, input.secrets);
  const cluster = input.cluster ? await resolveCluster(sql, actor, input.cluster, false) : null;
  const dup = await sql.query(`SELECT 1 FROM source WHERE name = $1`, [input.name]);
  if (dup.length) throw new AppError("conflict", `A source named "${input.name}" exists already`);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO source (name, kind, config, "secretsEnc", "intervalSeconds", enabled, "clusterId")
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7) RETURNING id`,
    [
      input.name,
      input.kind,
      JSON.stringify(config),
      input.secrets ? encryptSecrets(input.secrets) : null,
      input.intervalSeconds,
      input.enabled,
      cluster?.id ?? null,
    ],
  );
  await audit(sql, actor, {
    action: "source.create",
    targetType: "source",
    targetId: rows[0].id,
    data: {
      name: input.name,
      kind: input.kind,
      config: config as Record<string, unknown>,
      secrets: Object.keys(input.secrets ?? {}),
    },
  });
  return rows[0];
}

export async function deleteSource(sql: Sql, actor: Actor, id: string): Promise<void> {
  const rows = await sql.query<{ name: string }>(`DELETE FROM source WHERE id = $1 RETURNING name`, [id]);
  if (!rows[0]) throw notFound("source");
  await audit(sql, actor, {
    action: "source.delete",
    targetType: "source",
    targetId: id,
    data: { name: rows[0].name },
  });
}

export const connectionTestInput = z.object({
  kind: z.string().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string().max(64 * 1024)).optional(),
});

/**
 * "Test connection" for a source not saved yet: the config is validated like on save (outbound rules
 * included), then the connector makes one cheap request. The answer is the connector's fixed message or an
 * outbound refusal's description; any other failure reads "request failed", never the target's words.
 */
export async function testConnection(raw: z.input<typeof connectionTestInput>): Promise<ConnectionCheck> {
  const input = connectionTestInput.parse(raw);
  const config = validateConfig(input.kind, input.config, input.secrets);
  const c = connector(input.kind);
  if (!c?.test)
    throw badRequest(`kind: ${input.kind} cannot be tested before it runs; save it and use Run now`);
  try {
    return await c.test(config, input.secrets ?? {});
  } catch (e) {
    return { ok: false, message: e instanceof OutboundError ? e.message : "request failed" };
  }
}

/** The hosts a valid config makes its connector reach (recorded in the audit trail). */
export function targetsOf(kind: string, config: unknown): string[] {
  return connector(kind)?.targets?.(config) ?? [];
}
