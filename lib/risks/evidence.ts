import "server-only";
import { z } from "zod";
import type { Sql } from "@/lib/db/sql";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/body";
import { computeKpis, emptyKpis } from "@/lib/kpi/compute";
import { breached, type Direction, numericPaths, valueAt } from "./kpi-path";
import { type Editor, mustLoad, recordRevision, riskBody, stateOf } from "./mutations/revisions";
import { getMatrix } from "./settings";

/** KPI evidence is read over the trailing week, ending now. */
export const EVIDENCE_WINDOW_MS = 7 * 86_400_000;

export const linkInput = z
  .strictObject({
    kind: z.enum(["finding", "incident", "kpi"], { error: "must be finding, incident or kpi" }),
    ref: z.string().trim().min(1, "is required").max(200),
    cluster: z.string().trim().min(1).max(63).nullable().optional(),
    label: z.string().trim().max(200).nullable().optional(),
    threshold: z.number().finite().nullable().optional(),
    direction: z.enum(["above", "below"]).nullable().optional(),
  })
  .refine((l) => (l.threshold == null) === (l.direction == null), {
    message: "threshold and direction go together (direction: above or below)",
    path: ["direction"],
  });
export type LinkInput = z.input<typeof linkInput>;

export function kpiPaths(): string[] {
  const now = new Date();
  return numericPaths(emptyKpis({ from: now, to: now, cluster: null, now })).filter(
    (p) => !p.startsWith("window"),
  );
}

async function writeLinks(
  sql: Sql,
  editor: Editor,
  riskId: string,
  fn: () => Promise<void>,
  note: string,
  at: Date,
) {
  const m = await getMatrix(sql);
  const row = await mustLoad(sql, riskId);
  const before = stateOf(row);
  await fn();
  // Links are part of the risk's state: bump the version so an edit that started earlier is told it is stale.
  const v = await sql.query<{ version: number }>(
    `UPDATE risk SET version = version + 1, "updatedAt" = $3 WHERE id = $1 AND version = $2 RETURNING version`,
    [riskId, row.version, at],
  );
  if (!v[0]) throw new AppError("conflict", "This risk changed while the link was being saved; try again");
  const after = await mustLoad(sql, riskId);
  await recordRevision(sql, editor, {
    riskId,
    version: v[0].version,
    action: "link",
    before,
    after: stateOf(after),
    note,
    at,
  });
  return riskBody(m, after, at);
}

/**
 * Links evidence. `kpiValue` is the KPI's value now, computed by the caller before its transaction
 * (computeKpis reads through the pool, which on the embedded database has one connection).
 */
export async function addLink(
  sql: Sql,
  editor: Editor,
  riskId: string,
  raw: LinkInput,
  at = new Date(),
  kpiValue: number | null = null,
) {
  const p = linkInput.safeParse(raw);
  if (!p.success) throw zodToAppError(p.error);
  const l = p.data;
  if (l.kind === "finding") {
    const f = /^[0-9a-f-]{36}$/i.test(l.ref)
      ? await sql.query(`SELECT 1 FROM finding WHERE id = $1`, [l.ref])
      : [];
    if (!f.length)
      throw badRequest(`ref: no finding ${l.ref.slice(0, 40)}`, [
        { path: "ref", message: "no such finding" },
      ]);
  } else if (l.kind === "incident") {
    const f = await sql.query(`SELECT 1 FROM incident WHERE id::text = $1`, [l.ref]);
    if (!f.length)
      throw badRequest(`ref: no incident ${l.ref.slice(0, 40)}`, [
        { path: "ref", message: "no such incident" },
      ]);
  } else if (!kpiPaths().includes(l.ref)) {
    throw badRequest(
      `ref: "${l.ref.slice(0, 60)}" is not a numeric KPI path (e.g. mtlsCoverage.crossClusterPercent)`,
      [{ path: "ref", message: "not a numeric KPI path" }],
    );
  }
  const dup = await sql.query(
    `SELECT 1 FROM risk_link WHERE "riskId" = $1 AND kind = $2 AND ref = $3 AND cluster IS NOT DISTINCT FROM $4`,
    [riskId, l.kind, l.ref, l.cluster ?? null],
  );
  if (dup.length) throw new AppError("conflict", "This evidence is linked already");
  return writeLinks(
    sql,
    editor,
    riskId,
    async () => {
      const ins = await sql.query<{ id: string }>(
        `INSERT INTO risk_link ("riskId", kind, ref, cluster, label, threshold, direction, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          riskId,
          l.kind,
          l.ref,
          l.cluster ?? null,
          l.label ?? null,
          l.threshold ?? null,
          l.direction ?? null,
          at,
        ],
      );
      if (l.kind === "kpi") {
        await sql.query(`INSERT INTO risk_evidence_sample ("linkId", at, value) VALUES ($1, $2, $3)`, [
          ins[0].id,
          at,
          kpiValue,
        ]);
      }
    },
    `Linked ${l.kind} ${l.ref}${l.cluster ? ` (${l.cluster})` : ""}.`,
    at,
  );
}

export async function removeLink(sql: Sql, editor: Editor, riskId: string, linkId: string, at = new Date()) {
  const rows = /^[0-9a-f-]{36}$/i.test(linkId)
    ? await sql.query<{ kind: string; ref: string }>(
        `SELECT kind, ref FROM risk_link WHERE id = $1 AND "riskId" = $2`,
        [linkId, riskId],
      )
    : [];
  if (!rows[0]) throw notFound("evidence link");
  return writeLinks(
    sql,
    editor,
    riskId,
    async () => {
      await sql.query(`DELETE FROM risk_link WHERE id = $1`, [linkId]);
    },
    `Unlinked ${rows[0].kind} ${rows[0].ref}.`,
    at,
  );
}

/** Live values of KPI paths, one computeKpis per distinct cluster. */
export async function evaluateKpis(
  items: { ref: string; cluster: string | null }[],
  now = new Date(),
): Promise<(number | null)[]> {
  const byCluster = new Map<string, Promise<unknown>>();
  const from = new Date(now.getTime() - EVIDENCE_WINDOW_MS);
  for (const it of items) {
    const k = it.cluster ?? "";
    if (!byCluster.has(k)) byCluster.set(k, computeKpis({ from, to: now, cluster: it.cluster, now }));
  }
  const out: (number | null)[] = [];
  for (const it of items) {
    const v = valueAt(await byCluster.get(it.cluster ?? ""), it.ref);
    out.push(typeof v === "number" && Number.isFinite(v) ? v : null);
  }
  return out;
}

export interface EvidenceView {
  id: string;
  kind: "finding" | "incident" | "kpi";
  ref: string;
  cluster: string | null;
  label: string | null;
  threshold: number | null;
  direction: Direction | null;
  /** Live value (kpi), or null. */
  value: number | null;
  reviewedValue: number | null;
  reviewedAt: string | null;
  /** Past the threshold now. */
  flagged: boolean;
  /** Was on the safe side at the last review and is past it now (or the reverse). */
  movedSinceReview: boolean;
  samples: { at: string; value: number | null }[];
  /** finding / incident details when found. */
  title: string | null;
  status: string | null;
  severity: string | null;
}

export async function riskEvidence(sql: Sql, riskId: string, now = new Date()): Promise<EvidenceView[]> {
  const links = await sql.query<{
    id: string;
    kind: EvidenceView["kind"];
    ref: string;
    cluster: string | null;
    label: string | null;
    threshold: number | null;
    direction: Direction | null;
    reviewedValue: number | null;
    reviewedAt: Date | null;
  }>(`SELECT * FROM risk_link WHERE "riskId" = $1 ORDER BY kind, "createdAt"`, [riskId]);
  const kpis = links.filter((l) => l.kind === "kpi");
  const values = await evaluateKpis(kpis, now);
  const live = new Map(kpis.map((l, i) => [l.id, values[i]]));
  const samples = await sql.query<{ linkId: string; at: Date; value: number | null }>(
    `SELECT "linkId", at, value FROM (
       SELECT "linkId", at, value, row_number() OVER (PARTITION BY "linkId" ORDER BY at DESC) AS n
         FROM risk_evidence_sample WHERE "linkId" = ANY($1::uuid[])) s
      WHERE n <= 30 ORDER BY at`,
    [kpis.map((l) => l.id)],
  );
  const findings = await sql.query<{ id: string; title: string; status: string; severity: string }>(
    `SELECT id::text, title, status, severity FROM finding WHERE id::text = ANY($1::text[])`,
    [links.filter((l) => l.kind === "finding").map((l) => l.ref)],
  );
  let incidents: Record<string, unknown>[] = [];
  const incRefs = links.filter((l) => l.kind === "incident").map((l) => l.ref);
  if (incRefs.length) {
    incidents = (
      await sql.query<{ j: Record<string, unknown> }>(
        `SELECT to_jsonb(i) AS j FROM incident i WHERE i.id::text = ANY($1::text[])`,
        [incRefs],
      )
    ).map((r) => r.j);
  }
  return links.map((l) => {
    const value = live.get(l.id) ?? null;
    const f = l.kind === "finding" ? findings.find((x) => x.id === l.ref) : undefined;
    const inc = l.kind === "incident" ? incidents.find((x) => String(x.id) === l.ref) : undefined;
    const flagged = breached(value, l.threshold, l.direction);
    const wasFlagged = breached(l.reviewedValue, l.threshold, l.direction);
    return {
      id: l.id,
      kind: l.kind,
      ref: l.ref,
      cluster: l.cluster,
      label: l.label,
      threshold: l.threshold,
      direction: l.direction,
      value,
      reviewedValue: l.reviewedValue,
      reviewedAt: l.reviewedAt?.toISOString() ?? null,
      flagged: l.kind === "kpi" ? flagged : (f?.status ?? inc?.status) === "open",
      movedSinceReview: l.kind === "kpi" && l.reviewedAt !== null && flagged !== wasFlagged,
      samples: samples
        .filter((s) => s.linkId === l.id)
        .map((s) => ({ at: s.at.toISOString(), value: s.value })),
      title: f?.title ?? (inc ? String(inc.title ?? "") || null : null),
      status: f?.status ?? (inc ? String(inc.status ?? "") || null : null),
      severity: f?.severity ?? (inc ? String(inc.severity ?? "") || null : null),
    };
  });
}

/** Records a sample of every KPI link (the job runs this hourly); returns how many were recorded. */
export async function sampleEvidence(sql: Sql, now = new Date()): Promise<number> {
  const links = await sql.query<{ id: string; ref: string; cluster: string | null }>(
    `SELECT l.id, l.ref, l.cluster FROM risk_link l JOIN risk r ON r.id = l."riskId" WHERE l.kind = 'kpi' AND r.status <> 'closed'`,
  );
  if (!links.length) return 0;
  const values = await evaluateKpis(links, now);
  await sql.query(
    `INSERT INTO risk_evidence_sample ("linkId", at, value) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[])`,
    [links.map((l) => l.id), links.map(() => now), values],
  );
  return links.length;
}
