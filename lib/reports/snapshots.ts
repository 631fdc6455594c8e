import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/hash";
import { type Actor, audit, SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting, readSetting } from "@/lib/db/settings";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { badRequest, notFound } from "@/lib/errors";
import type { ExecutiveReport } from "./assemble";
import { buildExecutiveReport } from "./executive";
import { queueFrozenPdf, requestPdf } from "./pdf-request";
import { type Cadence, NO_SCHEDULE, type Schedule } from "./schedule";
import { reportTitle } from "./title";

// Frozen reports: the report data as published, its PDF and their SHA-256 digests, so a frozen report is
// shown later exactly as it was, whatever data arrives afterwards. The data is stored at once; the PDF is
// the frozen page printed by the worker (queued), stored with its digest when it is ready.

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export interface FrozenSummary {
  id: string;
  period: string;
  cluster: string | null;
  title: string;
  periodFrom: Date;
  periodTo: Date;
  /** Null until the worker has printed it. */
  pdfSha256: string | null;
  dataSha256: string;
  pdfBytes: number | null;
  scheduled: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export async function freezeReport(
  actor: Actor,
  opts: { period: string | null; cluster: string | null; now?: Date; scheduled?: boolean },
): Promise<FrozenSummary> {
  const report = await buildExecutiveReport(opts);
  const data = canonicalJson(report);
  const dataSha256 = sha256(data);
  const title = reportTitle(report);
  const id = await withPgTransaction(pool(), async (_c, sql) => {
    const rows = await sql.query<{ id: string }>(
      `INSERT INTO report_snapshot (kind, period, cluster, "periodFrom", "periodTo", title, data, "dataSha256", scheduled, "createdBy")
       VALUES ('executive', $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9) RETURNING id`,
      [
        report.period.key,
        report.cluster,
        report.period.from,
        report.period.to,
        title,
        data,
        dataSha256,
        opts.scheduled ?? false,
        actor.label,
      ],
    );
    await audit(sql, actor, {
      action: "report.freeze",
      targetType: "report_snapshot",
      targetId: rows[0].id,
      data: {
        period: report.period.key,
        cluster: report.cluster,
        dataSha256,
        scheduled: opts.scheduled ?? false,
      },
    });
    return rows[0].id;
  });
  await queueFrozenPdf(id).catch((e) =>
    console.error(
      `[reports] frozen report ${id}: PDF not queued (${e.message}); it is rendered when first downloaded`,
    ),
  );
  return (await getFrozenSummary(id)) as FrozenSummary;
}

const SUMMARY_COLS = `id, period, cluster, title, "periodFrom", "periodTo", "pdfSha256", "dataSha256", octet_length(pdf) AS "pdfBytes", scheduled, "createdBy", "createdAt"`;

export async function listFrozen(limit = 100): Promise<FrozenSummary[]> {
  return sqlOfPg(pool()).query<FrozenSummary>(
    `SELECT ${SUMMARY_COLS} FROM report_snapshot ORDER BY "createdAt" DESC LIMIT $1`,
    [limit],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getFrozenSummary(id: string): Promise<FrozenSummary | null> {
  if (!UUID.test(id)) return null;
  const rows = await sqlOfPg(pool()).query<FrozenSummary>(
    `SELECT ${SUMMARY_COLS} FROM report_snapshot WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The stored report data; its digest is checked against the one recorded when it was frozen. */
export async function getFrozen(
  id: string,
): Promise<{ summary: FrozenSummary; report: ExecutiveReport; intact: boolean }> {
  const s = await getFrozenSummary(id);
  if (!s) throw notFound("Frozen report");
  const rows = await sqlOfPg(pool()).query<{ data: ExecutiveReport }>(
    `SELECT data FROM report_snapshot WHERE id = $1`,
    [id],
  );
  const report = rows[0].data;
  return { summary: s, report, intact: sha256(canonicalJson(report)) === s.dataSha256 };
}

/** Stores a frozen report's printed PDF once (a second render of the same report never replaces it). */
export async function storeFrozenPdf(id: string, pdf: Buffer): Promise<boolean> {
  const digest = sha256(pdf);
  return withPgTransaction(pool(), async (_c, sql) => {
    const rows = await sql.query<{ id: string }>(
      `UPDATE report_snapshot SET pdf = $2, "pdfSha256" = $3 WHERE id = $1 AND pdf IS NULL RETURNING id`,
      [id, pdf, digest],
    );
    if (rows.length === 0) return false;
    await audit(sql, SYSTEM_ACTOR, {
      action: "report.pdf",
      targetType: "report_snapshot",
      targetId: id,
      data: { pdfSha256: digest, bytes: pdf.length },
    });
    return true;
  });
}

export async function getFrozenPdf(
  id: string,
): Promise<{ pdf: Buffer; summary: FrozenSummary; intact: boolean }> {
  let s = await getFrozenSummary(id);
  if (!s) throw notFound("Frozen report");
  if (s.pdfSha256 === null) {
    // Not printed yet (the worker was busy or down): print it now, and keep the first copy stored.
    await storeFrozenPdf(id, await requestPdf({ kind: "frozen", id }));
    s = (await getFrozenSummary(id)) as FrozenSummary;
  }
  const rows = await sqlOfPg(pool()).query<{ pdf: Buffer }>(`SELECT pdf FROM report_snapshot WHERE id = $1`, [
    id,
  ]);
  const pdf = rows[0].pdf;
  return { pdf, summary: s, intact: sha256(pdf) === s.pdfSha256 };
}

const SCHEDULE_KEY = "reports.schedule";

export async function getSchedule(): Promise<Schedule> {
  return (await readSetting<Schedule>(sqlOfPg(pool()), SCHEDULE_KEY)) ?? NO_SCHEDULE;
}

export async function setSchedule(
  actor: Actor,
  next: { cadence: Cadence; cluster: string | null },
): Promise<Schedule> {
  if (!["off", "weekly", "monthly"].includes(next.cadence))
    throw badRequest("cadence: off, weekly or monthly");
  const value: Schedule = { cadence: next.cadence, cluster: next.cluster?.trim() || null };
  await withPgTransaction(pool(), async (_c, sql) => {
    const prev = await readSetting<Schedule>(sql, SCHEDULE_KEY, { lock: true });
    await putSetting(sql, SCHEDULE_KEY, value);
    await audit(sql, actor, {
      action: "report.schedule.set",
      targetType: "setting",
      targetId: SCHEDULE_KEY,
      data: { previous: prev ?? NO_SCHEDULE, next: value },
    });
  });
  return value;
}

/** Whether the schedule already froze this period (the job may run more than once a day). */
export async function alreadyFrozen(period: string, cluster: string | null): Promise<boolean> {
  const rows = await sqlOfPg(pool()).query(
    `SELECT 1 FROM report_snapshot WHERE scheduled AND period = $1 AND cluster IS NOT DISTINCT FROM $2 LIMIT 1`,
    [period, cluster],
  );
  return rows.length > 0;
}
