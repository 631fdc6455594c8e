import "server-only";
import { randomUUID } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import { AppError, badRequest } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/body";
import { nextReviewDue, type RiskMatrix, reviewDueAfterChange } from "../matrix";
import {
  acceptanceExpired,
  type CreateRiskInput,
  createRiskSchema,
  isMaterialChange,
  type PatchRiskInput,
  patchRiskSchema,
  type RiskState,
} from "../model";
import { getMatrix } from "../settings";
import {
  type Editor,
  insertRisk,
  loadRisk,
  mustLoad,
  recordRevision,
  resolveUser,
  riskBody,
  staleError,
  stateOf,
  writeState,
} from "./revisions";

const fieldError = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);

async function ownerId(sql: Sql, ref: string): Promise<string> {
  const u = await resolveUser(sql, ref);
  if (!u) throw fieldError("owner", `no active user "${ref.slice(0, 80)}" (give a user id or email)`);
  return u.id;
}

export interface WriteOpts {
  /** When the change happened (demo history is back-dated; defaults to now). */
  at?: Date;
  demo?: boolean;
  id?: string;
}

export async function createRisk(sql: Sql, editor: Editor, raw: CreateRiskInput, opts: WriteOpts = {}) {
  const p = createRiskSchema.safeParse(raw);
  if (!p.success) throw zodToAppError(p.error);
  const input = p.data;
  if (input.status === "accepted") {
    throw fieldError(
      "status",
      "a risk becomes accepted when its approver approves an acceptance; create it open and request acceptance",
    );
  }
  const m = await getMatrix(sql);
  const at = opts.at ?? new Date();
  const residual = input.residual ?? input.inherent;
  const state: RiskState = {
    title: input.title,
    description: input.description,
    category: input.category,
    ownerId: await ownerId(sql, input.owner),
    clusters: [...new Set(input.clusters)],
    inherent: input.inherent,
    residual,
    target: input.target ?? residual,
    confidence: input.confidence,
    treatment: input.treatment,
    status: input.status,
    reviewDue: (input.reviewDue ?? nextReviewDue(m, residual.likelihood, residual.impact, at)).toISOString(),
    lastReviewedAt: null,
    acceptance: null,
    links: [],
  };
  const id = opts.id ?? randomUUID();
  await insertRisk(sql, id, state, at, !!opts.demo);
  await recordRevision(sql, editor, {
    riskId: id,
    version: 1,
    action: "create",
    before: null,
    after: state,
    at,
  });
  return riskBody(m, await mustLoad(sql, id), at);
}

/** The matrix, the time and the current row of an edit; 409 when the edit started from another version. */
async function startEdit(sql: Sql, id: string, version: number, opts: WriteOpts) {
  const m = await getMatrix(sql);
  const at = opts.at ?? new Date();
  const row = await mustLoad(sql, id);
  if (row.version !== version) throw staleError(m, row, version);
  return { m, at, row, cur: stateOf(row) };
}

/**
 * Applies the new state over `expected`; throws 409 (with the current risk) when someone saved first.
 * Returns the API body after the change, or the unchanged body when nothing differs.
 */
async function commit(
  sql: Sql,
  m: RiskMatrix,
  editor: Editor,
  row: Awaited<ReturnType<typeof mustLoad>>,
  next: RiskState,
  action: string,
  note: string | null,
  at: Date,
) {
  const before = stateOf(row);
  if (JSON.stringify(before) === JSON.stringify(next))
    return { risk: riskBody(m, row, at), changed: [] as string[] };
  const version = await writeState(sql, row.id, next, row.version, at);
  if (version === null) throw staleError(m, await mustLoad(sql, row.id), row.version);
  const changed = await recordRevision(sql, editor, {
    riskId: row.id,
    version,
    action,
    before,
    after: next,
    note,
    at,
  });
  return { risk: riskBody(m, await mustLoad(sql, row.id), at), changed };
}

async function requestAcceptance(
  sql: Sql,
  editor: Editor,
  a: NonNullable<PatchRiskInput["acceptance"]>,
  at: Date,
) {
  const approver = await resolveUser(sql, a.approver);
  if (!approver) throw fieldError("acceptance.approver", `no active user "${a.approver.slice(0, 80)}"`);
  if (approver.id === editor.userId) {
    throw fieldError(
      "acceptance.approver",
      "the approver must be someone other than the person requesting the acceptance",
    );
  }
  if (approver.role !== "risk_manager" && approver.role !== "admin") {
    throw fieldError(
      "acceptance.approver",
      `${approver.email} cannot approve risk acceptances (needs the risk manager or admin role)`,
    );
  }
  const expiresAt = new Date(a.expiresAt as Date);
  if (expiresAt.getTime() <= at.getTime()) throw fieldError("acceptance.expiresAt", "must be in the future");
  return {
    approver: approver.id,
    rationale: a.rationale,
    expiresAt: expiresAt.toISOString(),
    state: "pending" as const,
    requestedBy: editor.userId,
    approvedAt: null,
    basis: null,
  };
}

/** PATCH: the changed fields plus the version the edit started from. */
export async function patchRisk(
  sql: Sql,
  editor: Editor,
  id: string,
  raw: PatchRiskInput,
  opts: WriteOpts = {},
) {
  const p = patchRiskSchema.safeParse(raw);
  if (!p.success) throw zodToAppError(p.error);
  const input = p.data;
  const { m, at, row, cur } = await startEdit(sql, id, input.version, opts);
  const next: RiskState = { ...cur };
  const notes: string[] = input.note ? [input.note] : [];
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description;
  if (input.category !== undefined) next.category = input.category;
  if (input.owner !== undefined) next.ownerId = await ownerId(sql, input.owner);
  if (input.clusters !== undefined) next.clusters = [...new Set(input.clusters)];
  if (input.inherent) next.inherent = input.inherent;
  if (input.residual) next.residual = input.residual;
  if (input.target) next.target = input.target;
  if (input.confidence) next.confidence = input.confidence;
  if (input.treatment) next.treatment = input.treatment;
  if (input.status && input.status !== cur.status) {
    if (input.status === "accepted") {
      throw fieldError(
        "status",
        "a risk becomes accepted when its approver approves the acceptance; request acceptance instead",
      );
    }
    next.status = input.status;
    if (cur.status === "accepted" && next.acceptance?.state === "approved") {
      next.acceptance = { ...next.acceptance, state: "expired" };
      notes.push("Acceptance ended: the status was changed by hand.");
    }
  }
  if (input.reviewDue) next.reviewDue = input.reviewDue.toISOString();
  else if (JSON.stringify(cur.residual) !== JSON.stringify(next.residual)) {
    const from = new Date(cur.lastReviewedAt ?? row.createdAt);
    next.reviewDue = reviewDueAfterChange(
      m,
      new Date(cur.reviewDue),
      next.residual.likelihood,
      next.residual.impact,
      from,
    ).toISOString();
  }
  if (input.acceptance === null && cur.acceptance) {
    next.acceptance = null;
    if (next.status === "accepted") next.status = "open";
    notes.push("Acceptance withdrawn.");
  } else if (input.acceptance) {
    next.acceptance = await requestAcceptance(sql, editor, input.acceptance, at);
    next.treatment = "accept";
    if (next.status === "accepted") next.status = "open";
  } else if (
    cur.acceptance?.state === "approved" &&
    cur.acceptance.basis &&
    isMaterialChange(m, cur.acceptance.basis, next)
  ) {
    // ISO 27001 §6.1.3 f: the owner accepted a given residual risk; a different one needs their approval again.
    next.acceptance = { ...cur.acceptance, state: "pending", approvedAt: null, requestedBy: editor.userId };
    if (next.status === "accepted") next.status = "open";
    notes.push("Material change to the scores after acceptance: re-approval requested from the approver.");
  }
  return commit(sql, m, editor, row, next, "update", notes.join(" ") || null, at);
}

/** The named approver approves or rejects a pending acceptance. */
export async function decideAcceptance(
  sql: Sql,
  editor: Editor,
  id: string,
  input: { version: number; decision: "approve" | "reject"; note?: string },
  opts: WriteOpts = {},
) {
  const { m, at, row, cur } = await startEdit(sql, id, input.version, opts);
  const a = cur.acceptance;
  if (a?.state !== "pending" || !a)
    throw new AppError("conflict", "There is no acceptance waiting for approval on this risk");
  if (a.approver !== editor.userId)
    throw new AppError("forbidden", "Only the approver named on the acceptance may decide it");
  if (a.requestedBy && a.requestedBy === editor.userId)
    throw new AppError("forbidden", "You requested this acceptance; someone else must approve it");
  const next: RiskState = { ...cur };
  if (input.decision === "approve") {
    next.acceptance = {
      ...a,
      state: "approved",
      approvedAt: at.toISOString(),
      basis: { inherent: cur.inherent, residual: cur.residual },
    };
    next.status = "accepted";
    next.treatment = "accept";
  } else {
    next.acceptance = null;
    if (next.status === "accepted") next.status = "open";
  }
  const note = [input.decision === "approve" ? "Acceptance approved." : "Acceptance rejected.", input.note]
    .filter(Boolean)
    .join(" ");
  return commit(
    sql,
    m,
    editor,
    row,
    next,
    input.decision === "approve" ? "acceptance.approve" : "acceptance.reject",
    note,
    at,
  );
}

/** A review: stamps the date, sets the next due date by cadence, and remembers the evidence values seen. */
export async function reviewRisk(
  sql: Sql,
  editor: Editor,
  id: string,
  input: { version: number; note?: string },
  evidenceValues: Map<string, number | null>,
  opts: WriteOpts = {},
) {
  const { m, at, row, cur } = await startEdit(sql, id, input.version, opts);
  const next: RiskState = {
    ...cur,
    lastReviewedAt: at.toISOString(),
    reviewDue: nextReviewDue(m, cur.residual.likelihood, cur.residual.impact, at).toISOString(),
  };
  for (const [linkId, value] of evidenceValues) {
    await sql.query(
      `UPDATE risk_link SET "reviewedValue" = $2, "reviewedAt" = $3 WHERE id = $1 AND "riskId" = $4`,
      [linkId, value, at, id],
    );
  }
  return commit(sql, m, editor, row, next, "review", input.note || "Reviewed.", at);
}

/** Reopens one risk whose approved acceptance has expired; says so in its history. */
export async function expireAcceptance(sql: Sql, editor: Editor, id: string, now: Date) {
  const m = await getMatrix(sql);
  const row = await loadRisk(sql, id);
  if (!row) return null;
  const cur = stateOf(row);
  if (!acceptanceExpired(cur.acceptance, now)) return null;
  const a = cur.acceptance as NonNullable<RiskState["acceptance"]>;
  const next: RiskState = {
    ...cur,
    acceptance: { ...a, state: "expired" },
    status: cur.status === "accepted" ? "open" : cur.status,
  };
  const note = `Acceptance expired on ${a.expiresAt.slice(0, 10)}; the risk is open again and needs a decision.`;
  return commit(sql, m, editor, row, next, "acceptance.expire", note, now);
}
