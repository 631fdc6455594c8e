import "server-only";
import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { AppError, isAppError } from "@/lib/errors";
import { ingest } from "@/lib/ingest/batch";
import { ingestLimits } from "@/lib/ingest/limits";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { defineJob } from "@/lib/jobs/registry";
import "./connector-list";
import { connector, type PulledPayload } from "./connectors";
import { decryptSecrets } from "./secrets";

export interface RunOutcome {
  sourceId: string;
  status: "ok" | "error";
  message: string;
  batches: string[];
}

/**
 * How long a run's lease lasts without renewal. The runner renews it every third of that while it works,
 * so only a run whose process died loses it (and the next run may start after this long).
 */
export const LEASE_SECONDS = 120;

/** A run of this source holds the lease (another replica, or "Run now" during a scheduled run). */
export const sourceBusy = () =>
  new AppError("conflict", "This source is running already; its result will show when the run ends");

/**
 * Takes the source's lease, atomically: a fresh row, or an expired one taken over. Returns a release
 * function, or null when a live run holds it.
 */
async function takeLease(sourceId: string): Promise<(() => Promise<void>) | null> {
  const sql = sqlOfPg(pool());
  const holder = randomUUID();
  const got = await sql.query(
    `INSERT INTO source_lease ("sourceId", holder, "takenAt", "expiresAt")
     VALUES ($1, $2, now(), now() + make_interval(secs => $3))
     ON CONFLICT ("sourceId") DO UPDATE SET holder = EXCLUDED.holder, "takenAt" = EXCLUDED."takenAt",
       "expiresAt" = EXCLUDED."expiresAt"
     WHERE source_lease."expiresAt" <= now()
     RETURNING holder`,
    [sourceId, holder, LEASE_SECONDS],
  );
  if (!got.length) return null;
  const renew = setInterval(
    () => {
      sql
        .query(
          `UPDATE source_lease SET "expiresAt" = now() + make_interval(secs => $3) WHERE "sourceId" = $1 AND holder = $2`,
          [sourceId, holder, LEASE_SECONDS],
        )
        .catch((e) => console.error("[sources] lease renewal failed", e));
    },
    (LEASE_SECONDS * 1000) / 3,
  );
  renew.unref();
  return async () => {
    clearInterval(renew);
    await sql.query(`DELETE FROM source_lease WHERE "sourceId" = $1 AND holder = $2`, [sourceId, holder]);
  };
}

/** Text for a run that failed inside ingest: the code only (a refused payload's details are on its batch). */
function ingestFailure(format: string, e: unknown): string {
  if (isAppError(e))
    return `the ${format} payload was refused (${e.status} ${e.code}); see its batch on Sources`;
  console.error("[sources] ingest of a pulled payload failed", e);
  return `the ${format} payload could not be stored (internal error; it has been logged)`;
}

/**
 * Runs one source now: takes its lease (or throws sourceBusy()), pulls, ingests every payload, records the
 * run. The pulled window advances (lastSuccessAt) only when every payload was ingested.
 * `onLeased` runs once the lease is held and before the pull (a user's "Run now" is audited there, so a
 * refused run leaves no event claiming it happened); if it throws, the lease is released and nothing runs.
 */
export async function runSource(
  sourceId: string,
  now = new Date(),
  opts: { onLeased?: () => Promise<unknown> } = {},
): Promise<RunOutcome> {
  const sql = sqlOfPg(pool());
  const exists = await sql.query(`SELECT 1 FROM source WHERE id = $1`, [sourceId]);
  if (!exists.length) throw new AppError("not_found", "source not found");
  const release = await takeLease(sourceId);
  if (!release) throw sourceBusy();
  try {
    await opts.onLeased?.();
    return await runLeased(sourceId, now);
  } finally {
    await release();
  }
}

async function runLeased(sourceId: string, now: Date): Promise<RunOutcome> {
  const sql = sqlOfPg(pool());
  // Read under the lease: the window start is the one the previous run left.
  const rows = await sql.query<{
    id: string;
    name: string;
    kind: string;
    config: unknown;
    secretsEnc: string | null;
    lastSuccessAt: Date | null;
    cluster: string | null;
  }>(
    `SELECT s.id, s.name, s.kind, s.config, s."secretsEnc", s."lastSuccessAt", c.name AS cluster
       FROM source s LEFT JOIN cluster c ON c.id = s."clusterId" WHERE s.id = $1`,
    [sourceId],
  );
  const s = rows[0];
  if (!s) throw new AppError("not_found", "source not found");
  const run = await sql.query<{ id: string }>(
    `INSERT INTO source_run ("sourceId", "startedAt", status) VALUES ($1, $2, 'running') RETURNING id`,
    [s.id, now],
  );
  const batches: string[] = [];
  let status: "ok" | "error" = "ok";
  let message = "";
  let payloads: PulledPayload[] = [];
  let warnings: string[] = [];
  try {
    const c = connector(s.kind);
    if (!c) throw new Error(`no connector of kind "${s.kind}"`);
    const config = c.configSchema.parse(s.config);
    // Connector errors are fixed texts or statuses (lib/sources/connectors.ts), never the target's bytes.
    const pulled = await c.pull(
      {
        id: s.id,
        name: s.name,
        config,
        secrets: decryptSecrets(s.secretsEnc),
        cluster: s.cluster,
        lastSuccessAt: s.lastSuccessAt,
      },
      now,
    );
    if (Array.isArray(pulled)) payloads = pulled;
    else ({ payloads, warnings } = pulled);
  } catch (e) {
    status = "error";
    message = e instanceof Error && !isAppError(e) ? e.message : "the connector failed";
  }
  if (status === "ok") {
    let accepted = 0;
    let rejected = 0;
    for (const p of payloads) {
      try {
        const r = await ingest({
          kind: p.kind,
          format: p.format,
          // The connector's own cluster wins; the source's is the default for records that name none.
          cluster: p.cluster,
          defaultCluster: s.cluster,
          payload: payloadFromBuffer(p.body, p.contentType ?? null, ingestLimits()),
          actor: { type: "system", id: s.id, label: `source ${s.name}` },
          sourceId: s.id,
        });
        batches.push(r.batchId);
        accepted += r.accepted;
        rejected += r.rejectedCount;
      } catch (e) {
        status = "error";
        message = ingestFailure(p.format, e);
        break;
      }
    }
    if (status === "ok")
      message = [
        `${payloads.length} payload(s), ${accepted} accepted, ${rejected} rejected`,
        ...warnings,
      ].join("; ");
  }
  await sql.query(
    `UPDATE source_run SET "finishedAt" = now(), status = $2, message = $3, "batchId" = $4 WHERE id = $1`,
    [run[0].id, status, message.slice(0, 2000), batches[0] ?? null],
  );
  await sql.query(
    `UPDATE source SET "lastRunAt" = $2, "lastStatus" = $3, "lastError" = $4,
       "lastSuccessAt" = CASE WHEN $3 = 'ok' THEN $2 ELSE "lastSuccessAt" END
     WHERE id = $1`,
    [s.id, now, status, status === "error" ? message.slice(0, 2000) : null],
  );
  return { sourceId: s.id, status, message, batches };
}

/** Every minute: run the enabled sources whose interval has elapsed; one already running is left to finish. */
export const runDueSources = defineJob({
  name: "sources.run-due",
  cron: "* * * * *",
  async handler() {
    const due = await sqlOfPg(pool()).query<{ id: string }>(
      `SELECT id FROM source WHERE enabled AND kind <> 'push'
         AND ("lastRunAt" IS NULL OR "lastRunAt" + make_interval(secs => "intervalSeconds") <= now())`,
    );
    for (const d of due) {
      await runSource(d.id).catch((e) => {
        if (!(isAppError(e) && e.code === "conflict")) console.error("[sources]", e);
      });
    }
  },
});
