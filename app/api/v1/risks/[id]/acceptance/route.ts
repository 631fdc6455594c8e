import { z } from "zod";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { editorOf, MANAGE_RISKS, tx } from "@/lib/risks/http";
import { decideAcceptance } from "@/lib/risks/service";

const schema = z.strictObject({
  version: z.number().int().min(1),
  decision: z.enum(["approve", "reject"]),
  note: z.string().trim().max(2000).optional(),
});

// POST /api/v1/risks/{id}/acceptance — the named approver approves or rejects a pending acceptance.
export const POST = apiRoute<{ id: string }>(MANAGE_RISKS, async ({ req, principal, params }) => {
  const input = await readJson(req, schema);
  const { risk, changed } = await tx((sql) => decideAcceptance(sql, editorOf(principal), params.id, input));
  return { ...risk, changed };
});
