import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { type Sql, withPgTransaction } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import {
  addNote,
  changeStatus,
  correctTimestamp,
  createManualIncident,
  setEvidenceLink,
  updateIncident,
} from "./mutations/operator";
import type { ActionBody, createIncidentBody, patchIncidentBody } from "./schema";

export function inTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  return withPgTransaction(pool(), (_c, sql) => fn(sql));
}

export async function clusterIdByName(sql: Sql, name: string | null | undefined): Promise<string | null> {
  if (!name) return null;
  const rows = await sql.query<{ id: string }>(`SELECT id FROM cluster WHERE name = $1`, [name]);
  if (!rows[0]) throw new AppError("unprocessable", `Unknown cluster "${name.slice(0, 63)}"`);
  return rows[0].id;
}

export function createFromBody(actor: Actor, b: z.infer<typeof createIncidentBody>) {
  return inTransaction(async (sql) =>
    createManualIncident(sql, actor, {
      title: b.title,
      severity: b.severity,
      clusterId: await clusterIdByName(sql, b.cluster),
      namespace: b.namespace || null,
      workload: b.workload || null,
      detectedAt: b.detectedAt || null,
      startedAt: b.startedAt || null,
      owner: b.owner || null,
    }),
  );
}

export function patchFromBody(actor: Actor, id: string, b: z.infer<typeof patchIncidentBody>) {
  return inTransaction((sql) => updateIncident(sql, actor, id, b));
}

/** One dispatcher for every incident action, used by the API and the page's server actions. */
export function runAction(actor: Actor, id: string, b: ActionBody) {
  return inTransaction(async (sql) => {
    switch (b.action) {
      case "acknowledge":
        return changeStatus(sql, actor, id, "acknowledged", { at: b.at, reason: b.reason });
      case "contain":
        return changeStatus(sql, actor, id, "contained", { at: b.at, reason: b.reason });
      case "resolve":
        return changeStatus(sql, actor, id, "resolved", { at: b.at, reason: b.reason });
      case "note":
        return addNote(sql, actor, id, b.text);
      case "link":
      case "unlink":
        return setEvidenceLink(sql, actor, id, b.evidenceId, b.action === "link", b.reason ?? null);
      case "correct":
        return correctTimestamp(sql, actor, id, {
          field: b.field,
          value: b.value,
          reason: b.reason,
          confidence: b.confidence,
        });
    }
  });
}
