import "server-only";
import { randomUUID } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { audit } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { CSV_COLUMNS, CSV_EXPORT_ONLY, escapeCell, type ImportRow, parseRiskCsv, type RowError } from "./csv";
import type { RiskFilters } from "./filters";
import { nextReviewDue, type RiskMatrix } from "./matrix";
import { changedFields, isMaterialChange, type RiskState } from "./model";
import { type Editor, RISK_SELECT, type RiskRow, stateOf, writeState } from "./mutations/revisions";
import { listRisks } from "./queries";

/** The filtered register as CSV (every matching row, no paging); formula-looking cells are escaped. */
export async function exportCsv(sql: Sql, m: RiskMatrix, f: RiskFilters, now = new Date()): Promise<string> {
  const { risks } = await listRisks(sql, m, f, now, { all: true });
  const header = [...CSV_COLUMNS, ...CSV_EXPORT_ONLY];
  const rows = risks.map((r) => [
    r.id,
    r.version,
    r.title,
    r.description,
    r.category,
    r.ownerEmail ?? "",
    r.clusters.join(";"),
    r.inherent.likelihood,
    r.inherent.impact,
    r.residual.likelihood,
    r.residual.impact,
    r.target.likelihood,
    r.target.impact,
    r.confidence,
    r.treatment,
    r.status,
    r.reviewDue,
    r.inherent.level,
    r.residual.level,
    r.target.level,
    r.aboveAppetite,
    r.acceptance?.approverEmail ?? "",
    r.acceptance?.expiresAt ?? "",
    r.updatedAt,
  ]);
  return stringify([header, ...rows.map((row) => row.map(escapeCell))]);
}

const MAX_REPORTED = 200;
const CHUNK = 2000;

function fail(errors: RowError[]): never {
  throw new AppError(
    "unprocessable",
    `The file has ${errors.length} invalid row${errors.length === 1 ? "" : "s"}; nothing was imported. First: line ${errors[0].line}${errors[0].column ? ` (${errors[0].column})` : ""}: ${errors[0].message}`,
    { errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED) },
  );
}

/**
 * Imports a CSV all-or-nothing: every row is validated first (values, owners, ids, versions); any error
 * → 422 with the row-level errors and nothing written. Rows with the id of an existing risk update it
 * (their version, when given, must be current); other rows create risks. One revision per risk and one
 * audit event for the import, in the caller's transaction.
 */
export async function importCsv(sql: Sql, editor: Editor, m: RiskMatrix, text: string, now = new Date()) {
  const { rows, errors } = parseRiskCsv(text);
  if (errors.length) fail(errors);
  if (rows.length === 0) fail([{ line: 2, message: "no data rows" }]);

  const owners = [...new Set(rows.map((r) => r.owner.toLowerCase()))];
  const users = await sql.query<{ id: string; email: string }>(
    `SELECT id, lower(email) AS email FROM "user" WHERE NOT disabled AND (id = ANY($1::text[]) OR lower(email) = ANY($1::text[]))`,
    [owners],
  );
  const ownerOf = new Map<string, string>();
  for (const u of users) {
    ownerOf.set(u.email, u.id);
    ownerOf.set(u.id.toLowerCase(), u.id);
  }
  const ids = rows.filter((r) => r.id).map((r) => r.id as string);
  const existing = new Map<string, RiskRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await sql.query<RiskRow>(`${RISK_SELECT} WHERE r.id = ANY($1::uuid[]) FOR UPDATE OF r`, [
      ids.slice(i, i + CHUNK),
    ]);
    for (const r of found) existing.set(r.id, r);
  }
  for (const r of rows) {
    if (!ownerOf.has(r.owner.toLowerCase()))
      errors.push({ line: r.line, column: "owner", message: `no active user "${r.owner.slice(0, 80)}"` });
    const cur = r.id ? existing.get(r.id) : undefined;
    if (cur && r.version !== null && r.version !== cur.version) {
      errors.push({
        line: r.line,
        column: "version",
        message: `stale: the file has version ${r.version}, the risk is at version ${cur.version}`,
      });
    }
    if (r.status === "accepted" && cur?.status !== "accepted") {
      errors.push({
        line: r.line,
        column: "status",
        message: "a risk becomes accepted only through an approved acceptance",
      });
    }
  }
  if (errors.length) fail(errors.sort((a, b) => a.line - b.line));

  const stateFor = (r: ImportRow, cur?: RiskRow): RiskState => {
    const base = cur ? stateOf(cur) : null;
    const next: RiskState = {
      title: r.title,
      description: r.description,
      category: r.category,
      ownerId: ownerOf.get(r.owner.toLowerCase()) as string,
      clusters: [...new Set(r.clusters)],
      inherent: r.inherent,
      residual: r.residual,
      target: r.target,
      confidence: r.confidence,
      treatment: r.treatment,
      status: r.status,
      reviewDue: (
        r.reviewDue ??
        (base ? new Date(base.reviewDue) : nextReviewDue(m, r.residual.likelihood, r.residual.impact, now))
      ).toISOString(),
      lastReviewedAt: base?.lastReviewedAt ?? null,
      acceptance: base?.acceptance ?? null,
      links: base?.links ?? [],
    };
    // The same rule as an edit: a material score change after approval asks the approver again.
    const a = base?.acceptance;
    if (a?.state === "approved" && a.basis && isMaterialChange(m, a.basis, next)) {
      next.acceptance = { ...a, state: "pending", approvedAt: null, requestedBy: editor.userId };
      if (next.status === "accepted") next.status = "open";
    }
    return next;
  };

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const fresh = rows.filter((r) => !r.id || !existing.has(r.id));
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const part = fresh.slice(i, i + CHUNK).map((r) => ({ id: r.id ?? randomUUID(), s: stateFor(r) }));
    const col = <T>(f: (x: (typeof part)[number]) => T) => part.map(f);
    await sql.query(
      `INSERT INTO risk (id, title, description, category, "ownerId", clusters, "inherentLikelihood", "inherentImpact",
         "residualLikelihood", "residualImpact", "targetLikelihood", "targetImpact", confidence, treatment, status, "reviewDue",
         "createdAt", "updatedAt")
       SELECT u.id, u.title, u.description, u.category, u.owner, string_to_array(u.clusters, E'\\x1f'), u.il, u.ii, u.rl, u.ri, u.tl, u.ti,
              u.confidence, u.treatment, u.status, u.due, $17, $17
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[],
                     $10::int[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::timestamptz[])
           AS u(id, title, description, category, owner, clusters, il, ii, rl, ri, tl, ti, confidence, treatment, status, due)`,
      [
        col((x) => x.id),
        col((x) => x.s.title),
        col((x) => x.s.description),
        col((x) => x.s.category),
        col((x) => x.s.ownerId),
        col((x) => x.s.clusters.join("\x1f")),
        col((x) => x.s.inherent.likelihood),
        col((x) => x.s.inherent.impact),
        col((x) => x.s.residual.likelihood),
        col((x) => x.s.residual.impact),
        col((x) => x.s.target.likelihood),
        col((x) => x.s.target.impact),
        col((x) => x.s.confidence),
        col((x) => x.s.treatment),
        col((x) => x.s.status),
        col((x) => x.s.reviewDue),
        now,
      ],
    );
    // One JSON text parameter: far cheaper for the driver than a jsonb[] of 2,000 escaped strings.
    await sql.query(
      `INSERT INTO risk_revision ("riskId", version, at, action, "actorType", "actorId", "actorLabel", changed, before, after, note)
       SELECT (e ->> 'id')::uuid, 1, $2, 'import', $3, $4, $5, $6::text[], NULL, e -> 'after', $7
         FROM jsonb_array_elements($1::jsonb) AS e`,
      [
        JSON.stringify(part.map((x) => ({ id: x.id, after: x.s }))),
        now,
        editor.actor.type,
        editor.userId ?? editor.actor.id,
        editor.actor.label,
        changedFields(null, part[0].s),
        "Created by CSV import.",
      ],
    );
    created += part.length;
  }
  for (const r of rows.filter((x) => x.id && existing.has(x.id))) {
    const cur = existing.get(r.id as string) as RiskRow;
    const before = stateOf(cur);
    const after = stateFor(r, cur);
    const changed = changedFields(before, after);
    if (!changed.length) {
      unchanged++;
      continue;
    }
    const v = await writeState(sql, cur.id, after, cur.version, now);
    if (v === null)
      fail([{ line: r.line, column: "version", message: "the risk changed during the import" }]);
    await sql.query(
      `INSERT INTO risk_revision ("riskId", version, at, action, "actorType", "actorId", "actorLabel", changed, before, after, note)
       VALUES ($1, $2, $3, 'import', $4, $5, $6, $7::text[], $8::jsonb, $9::jsonb, 'Updated by CSV import.')`,
      [
        cur.id,
        v,
        now,
        editor.actor.type,
        editor.userId ?? editor.actor.id,
        editor.actor.label,
        changed,
        JSON.stringify(before),
        JSON.stringify(after),
      ],
    );
    updated++;
  }
  await audit(sql, editor.actor, {
    action: "risk.import",
    targetType: "risk",
    data: { rows: rows.length, created, updated, unchanged },
  });
  return { rows: rows.length, created, updated, unchanged };
}
