import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { defineJob } from "@/lib/jobs/registry";
import "./connector-list";
import { connector } from "./connectors";
import { decryptSecrets } from "./secrets";

export interface RunOutcome {
  sourceId: string;
  status: "ok" | "error";
  message: string;
  batches: string[];
}

/** Runs one source now: pull, ingest every payload, record the run and its result on the source. */
export async function runSource(sourceId: string, now = new Date()): Promise<RunOutcome> {
  const sql = sqlOfPg(pool());
  const rows = await sql.query<{
    id: string; name: string; kind: string; config: unknown; secretsEnc: string | null; lastRunAt: Date | null; cluster: string | null;
  }>(
    `SELECT s.id, s.name, s.kind, s.config, s."secretsEnc", s."lastRunAt", c.name AS cluster
       FROM source s LEFT JOIN cluster c ON c.id = s."clusterId" WHERE s.id = $1`,
    [sourceId],
  );
  const s = rows[0];
  if (!s) throw new Error(`source ${sourceId} not found`);
  const run = await sql.query<{ id: string }>(
    `INSERT INTO source_run ("sourceId", "startedAt", status) VALUES ($1, $2, 'running') RETURNING id`,
    [s.id, now],
  );
  const batches: string[] = [];
  let status: "ok" | "error" = "ok";
  let message = "";
  try {
    const c = connector(s.kind);
    if (!c) throw new Error(`no connector of kind "${s.kind}"`);
    const config = c.configSchema.parse(s.config);
    const payloads = await c.pull(
      { id: s.id, name: s.name, config, secrets: decryptSecrets(s.secretsEnc), cluster: s.cluster, lastRunAt: s.lastRunAt },
      now,
    );
    let accepted = 0;
    let rejected = 0;
    for (const p of payloads) {
      const r = await ingest({
        kind: p.kind,
        format: p.format,
        cluster: p.cluster ?? s.cluster,
        payload: payloadFromBuffer(p.body, p.contentType ?? null),
        actor: { type: "system", id: s.id, label: `source ${s.name}` },
        sourceId: s.id,
      });
      batches.push(r.batchId);
      accepted += r.accepted;
      rejected += r.rejectedCount;
    }
    message = `${payloads.length} payload(s), ${accepted} accepted, ${rejected} rejected`;
  } catch (e) {
    status = "error";
    message = e instanceof Error ? e.message : String(e);
  }
  await sql.query(`UPDATE source_run SET "finishedAt" = now(), status = $2, message = $3, "batchId" = $4 WHERE id = $1`, [
    run[0].id, status, message.slice(0, 2000), batches[0] ?? null,
  ]);
  await sql.query(`UPDATE source SET "lastRunAt" = $2, "lastStatus" = $3, "lastError" = $4 WHERE id = $1`, [
    s.id, now, status, status === "error" ? message.slice(0, 2000) : null,
  ]);
  return { sourceId: s.id, status, message, batches };
}

/** Every minute: run the enabled sources whose interval has elapsed. pg-boss runs it on one worker at a time. */
export const runDueSources = defineJob({
  name: "sources.run-due",
  cron: "* * * * *",
  async handler() {
    const due = await sqlOfPg(pool()).query<{ id: string }>(
      `SELECT id FROM source WHERE enabled AND kind <> 'push'
         AND ("lastRunAt" IS NULL OR "lastRunAt" + make_interval(secs => "intervalSeconds") <= now())`,
    );
    for (const d of due) await runSource(d.id).catch((e) => console.error("[sources]", e));
  },
});
