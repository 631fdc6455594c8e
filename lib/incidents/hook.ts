import "server-only";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { type EvidenceInput, incidentsForEvidence, recordEvidence } from "./evidence";
import { recomputeIncident } from "./mutations/incidents";

export type { EvidenceInput } from "./evidence";

/**
 * The one call other domains make (lib/policy for denied decisions, lib/telemetry for dropped flows):
 * in the ingest transaction (a FormatHandler's finish(), with ctx.sql and ctx.actor), record evidence
 * and bring the clock of every incident whose window [detectedAt − 30 min, detectedAt] holds it up to
 * date. Evidence never opens an incident. Returns the ids of the new evidence rows.
 */
export async function attachEvidence(
  sql: Sql,
  actor: Actor,
  items: readonly EvidenceInput[],
): Promise<string[]> {
  const ids = await recordEvidence(sql, items);
  for (const id of await incidentsForEvidence(sql, ids)) await recomputeIncident(sql, actor, id);
  return ids;
}
