import "server-only";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";

export type TimelineKind =
  | "opened"
  | "alert.joined"
  | "alert.resolved"
  | "finding.escalated"
  | "status"
  | "detected.changed"
  | "started.changed"
  | "contained.auto"
  | "contained.cleared"
  | "correction"
  | "note"
  | "evidence.linked"
  | "evidence.unlinked"
  | "updated";

/** Appends one entry to an incident's timeline (who, why, what). The caller audits in the same transaction. */
export async function addTimeline(
  sql: Sql,
  incidentId: string,
  actor: Actor,
  kind: TimelineKind,
  data: Record<string, unknown> = {},
  reason: string | null = null,
): Promise<void> {
  await sql.query(
    `INSERT INTO incident_event ("incidentId", kind, "actorType", "actorId", "actorLabel", reason, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [incidentId, kind, actor.type, actor.id, actor.label, reason, JSON.stringify(data)],
  );
}
