import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError, notFound } from "@/lib/errors";
import type { RiskMatrix } from "../matrix";
import {
  type AcceptanceState,
  changedFields,
  isAboveAppetite,
  type RiskState,
  type ScoreColumns,
  scored,
  scoresOf,
} from "../model";

/** Who makes a change: the audit actor, and the user behind it (a token acts as its owner). */
export interface Editor {
  actor: Actor;
  userId: string | null;
}

export interface RiskRow extends ScoreColumns {
  id: string;
  title: string;
  description: string;
  category: string;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  clusters: string[] | null;
  confidence: RiskState["confidence"];
  treatment: RiskState["treatment"];
  status: RiskState["status"];
  reviewDue: Date;
  lastReviewedAt: Date | null;
  acceptanceApproverId: string | null;
  approverName: string | null;
  approverEmail: string | null;
  acceptanceRationale: string | null;
  acceptanceExpiresAt: Date | null;
  acceptanceState: AcceptanceState["state"] | null;
  acceptanceRequestedBy: string | null;
  acceptanceApprovedAt: Date | null;
  acceptanceBasis: AcceptanceState["basis"];
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
  links: string[] | null;
}

export const RISK_SELECT = `
  SELECT r.*, o.name AS "ownerName", o.email AS "ownerEmail", a.name AS "approverName", a.email AS "approverEmail",
         (SELECT array_agg(l.kind || ':' || l.ref || COALESCE('@' || l.cluster, '') ORDER BY l.kind, l.ref, l.cluster)
            FROM risk_link l WHERE l."riskId" = r.id) AS links
    FROM risk r
    LEFT JOIN "user" o ON o.id = r."ownerId"
    LEFT JOIN "user" a ON a.id = r."acceptanceApproverId"`;

export function stateOf(r: RiskRow): RiskState {
  return {
    title: r.title,
    description: r.description,
    category: r.category,
    ownerId: r.ownerId,
    clusters: r.clusters ?? [],
    ...scoresOf(r),
    confidence: r.confidence,
    treatment: r.treatment,
    status: r.status,
    reviewDue: r.reviewDue.toISOString(),
    lastReviewedAt: r.lastReviewedAt?.toISOString() ?? null,
    acceptance: r.acceptanceState
      ? {
          approver: r.acceptanceApproverId,
          rationale: r.acceptanceRationale ?? "",
          expiresAt: (r.acceptanceExpiresAt as Date).toISOString(),
          state: r.acceptanceState,
          requestedBy: r.acceptanceRequestedBy,
          approvedAt: r.acceptanceApprovedAt?.toISOString() ?? null,
          basis: r.acceptanceBasis ?? null,
        }
      : null,
    links: r.links ?? [],
  };
}

/** The public API body, with extensions (names, levels, flags). */
export function riskBody(m: RiskMatrix, r: RiskRow, now = new Date()) {
  const s = stateOf(r);
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    owner: r.ownerId,
    ownerName: r.ownerName,
    ownerEmail: r.ownerEmail,
    clusters: s.clusters,
    inherent: scored(m, s.inherent),
    residual: scored(m, s.residual),
    target: scored(m, s.target),
    confidence: r.confidence,
    treatment: r.treatment,
    status: r.status,
    reviewDue: s.reviewDue,
    reviewOverdue: r.status !== "closed" && r.reviewDue.getTime() < now.getTime(),
    lastReviewedAt: s.lastReviewedAt,
    aboveAppetite: isAboveAppetite(m, s),
    acceptance: s.acceptance
      ? {
          approver: s.acceptance.approver,
          approverName: r.approverName,
          approverEmail: r.approverEmail,
          rationale: s.acceptance.rationale,
          expiresAt: s.acceptance.expiresAt,
          state: s.acceptance.state,
          requestedBy: s.acceptance.requestedBy,
          approvedAt: s.acceptance.approvedAt,
        }
      : null,
    version: r.version,
    demo: r.demo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RiskBody = ReturnType<typeof riskBody>;

export async function loadRisk(sql: Sql, id: string): Promise<RiskRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await sql.query<RiskRow>(`${RISK_SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function mustLoad(sql: Sql, id: string): Promise<RiskRow> {
  const r = await loadRisk(sql, id);
  if (!r) throw notFound("risk");
  return r;
}

export function staleError(m: RiskMatrix, current: RiskRow, sent: number): AppError {
  return new AppError(
    "conflict",
    `This risk changed since your edit started (you edited version ${sent}; it is now version ${current.version}, saved ${current.updatedAt.toISOString()}). Reload and apply your change again.`,
    { current: riskBody(m, current) },
  );
}

/** The editable columns' values, title to "reviewDue" in table order: what INSERT and UPDATE both write. */
function editableValues(s: RiskState): unknown[] {
  return [
    s.title,
    s.description,
    s.category,
    s.ownerId,
    s.clusters,
    s.inherent.likelihood,
    s.inherent.impact,
    s.residual.likelihood,
    s.residual.impact,
    s.target.likelihood,
    s.target.impact,
    s.confidence,
    s.treatment,
    s.status,
    s.reviewDue,
  ];
}

export async function insertRisk(sql: Sql, id: string, s: RiskState, at: Date, demo: boolean) {
  await sql.query(
    `INSERT INTO risk (id, title, description, category, "ownerId", clusters, "inherentLikelihood", "inherentImpact",
       "residualLikelihood", "residualImpact", "targetLikelihood", "targetImpact", confidence, treatment, status,
       "reviewDue", demo, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
    [id, ...editableValues(s), demo, at],
  );
}

/**
 * Writes a state over version `expected` (UPDATE … WHERE version = expected: a concurrent save that got
 * there first makes this one match nothing, and it is told it is stale) and returns the new version.
 */
export async function writeState(
  sql: Sql,
  id: string,
  s: RiskState,
  expected: number,
  at: Date,
): Promise<number | null> {
  const a = s.acceptance;
  const rows = await sql.query<{ version: number }>(
    `UPDATE risk SET title = $3, description = $4, category = $5, "ownerId" = $6, clusters = $7::text[],
        "inherentLikelihood" = $8, "inherentImpact" = $9, "residualLikelihood" = $10, "residualImpact" = $11,
        "targetLikelihood" = $12, "targetImpact" = $13, confidence = $14, treatment = $15, status = $16,
        "reviewDue" = $17, "lastReviewedAt" = $18, "acceptanceApproverId" = $19, "acceptanceRationale" = $20,
        "acceptanceExpiresAt" = $21, "acceptanceState" = $22, "acceptanceRequestedBy" = $23,
        "acceptanceApprovedAt" = $24, "acceptanceBasis" = $25::jsonb, version = version + 1, "updatedAt" = $26
      WHERE id = $1 AND version = $2 RETURNING version`,
    [
      id,
      expected,
      ...editableValues(s),
      s.lastReviewedAt,
      a?.approver ?? null,
      a?.rationale ?? null,
      a?.expiresAt ?? null,
      a?.state ?? null,
      a?.requestedBy ?? null,
      a?.approvedAt ?? null,
      a?.basis ? JSON.stringify(a.basis) : null,
      at,
    ],
  );
  return rows[0]?.version ?? null;
}

/** The revision and the audit event of a change, in the caller's transaction. */
export async function recordRevision(
  sql: Sql,
  editor: Editor,
  x: {
    riskId: string;
    version: number;
    action: string;
    before: RiskState | null;
    after: RiskState;
    note?: string | null;
    at: Date;
  },
): Promise<string[]> {
  const changed = changedFields(x.before, x.after);
  await sql.query(
    `INSERT INTO risk_revision ("riskId", version, at, action, "actorType", "actorId", "actorLabel", changed, before, after, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::jsonb, $10::jsonb, $11)`,
    [
      x.riskId,
      x.version,
      x.at,
      x.action,
      editor.actor.type,
      editor.userId ?? editor.actor.id,
      editor.actor.label,
      changed,
      x.before ? JSON.stringify(x.before) : null,
      JSON.stringify(x.after),
      x.note ?? null,
    ],
  );
  await audit(sql, editor.actor, {
    action: `risk.${x.action}`,
    targetType: "risk",
    targetId: x.riskId,
    data: { version: x.version, changed, ...(x.note ? { note: x.note } : {}) },
  });
  return changed;
}

/** A user by id or email; null when there is none (or they are disabled). */
export async function resolveUser(
  sql: Sql,
  ref: string,
): Promise<{ id: string; name: string; email: string; role: string } | null> {
  const rows = await sql.query<{ id: string; name: string; email: string; role: string }>(
    `SELECT id, name, email, role::text AS role FROM "user" WHERE (id = $1 OR lower(email) = lower($1)) AND NOT disabled LIMIT 1`,
    [ref.trim()],
  );
  return rows[0] ?? null;
}
