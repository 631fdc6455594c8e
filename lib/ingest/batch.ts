import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { AppError, isAppError } from "@/lib/errors";
import { NO_CLUSTER_HELP, resolveCluster as resolveClusterByName, validateClusterName } from "./clusters";
import "./formats";
import { chunkPipeline } from "./chunk-pipeline";
import { parseInWorker } from "./parse-in-worker";
import type { Payload } from "./payload";
import { recordProblem } from "./record-check";
import { chooseFormat } from "./registry";
import type { BatchResult, ClusterRef, IngestContext, IngestKind, ParseItem, Rejection } from "./types";

export interface IngestRequest {
  kind: IngestKind;
  format: string | null;
  /** ?cluster= (or --cluster, or what a pull connector knows): wins over what the records name. */
  cluster: string | null;
  /** The API token's or pull source's default cluster: for records that name none. */
  defaultCluster?: string | null;
  payload: Payload;
  actor: Actor;
  idempotencyKey?: string | null;
  sourceId?: string | null;
  demo?: boolean;
}

const MAX_STORED_REJECTIONS = 1000;

/**
 * The one batch writer every way in ends in (push API, native OPA/Alertmanager endpoints, pull
 * connectors, CLI, demo data). A batch is one transaction: valid records are stored, invalid ones are
 * reported with their line/index; a payload that cannot be parsed at all is rolled back whole and the
 * rejection alone is recorded. The same payload (or Idempotency-Key) again is recorded as a duplicate
 * of the first and changes nothing.
 */
export async function ingest(req: IngestRequest): Promise<BatchResult> {
  if (req.cluster) validateClusterName(req.cluster);
  if (req.defaultCluster) validateClusterName(req.defaultCluster);
  const scope = idempotencyScope(req.actor);
  if (req.idempotencyKey) {
    if (req.idempotencyKey.length > 200)
      throw new AppError("bad_request", "Idempotency-Key: at most 200 characters");
    // A fast path only: the unique index on (kind, scope, key) is what makes the check atomic (below).
    const prior = await findKeyedBatch(req.kind, scope, req.idempotencyKey);
    if (prior) {
      await req.payload.drain().catch(() => {});
      return { ...prior, status: "duplicate", duplicateOf: prior.batchId };
    }
  }
  const head = await req.payload.head();
  if (!head.trim()) {
    await req.payload.drain();
    throw new AppError("bad_request", "The body is empty");
  }
  const handler = chooseFormat(req.kind, req.format, head, req.payload.contentType);
  const receivedAt = new Date();
  const rejected: Rejection[] = [];
  let rejectedCount = 0;
  let accepted = 0;
  let duplicates = 0;
  let noCluster = 0;
  const after: (() => Promise<void>)[] = [];
  const reject = (r: Rejection) => {
    rejectedCount++;
    if (rejected.length < MAX_STORED_REJECTIONS) rejected.push(r);
  };

  let outcome: BatchResult | null = null;
  try {
    outcome = await withPgTransaction(pool(), async (client, sql) => {
      // The batch row comes first, before any other lock is taken (cluster creation audits, and audit
      // appends serialise on a lock): a second request with the same key waits here for the first to
      // commit or roll back, then finds its batch, so 50 concurrent uses of one key make one batch.
      const batchRows = await sql.query<{ id: string }>(
        `INSERT INTO ingest_batch (kind, format, "sourceId", "receivedAt", "payloadSha256", "idempotencyKey", "idempotencyScope", status, "actorType", "actorId", demo)
         VALUES ($1, $2, $3, $4, '', $5, $6, 'processing', $7, $8, $9)
         ON CONFLICT (kind, "idempotencyScope", "idempotencyKey") DO NOTHING RETURNING id`,
        [
          req.kind,
          handler.format,
          req.sourceId ?? null,
          receivedAt,
          req.idempotencyKey ?? null,
          req.idempotencyKey ? scope : null,
          req.actor.type,
          req.actor.id,
          !!req.demo,
        ],
      );
      if (!batchRows[0]) throw new KeyReplay();
      const batchId = batchRows[0].id;
      const explicit = req.cluster
        ? await resolveClusterByName(sql, req.actor, req.cluster, !!req.demo)
        : null;
      const fallback =
        !explicit && req.defaultCluster
          ? await resolveClusterByName(sql, req.actor, req.defaultCluster, !!req.demo)
          : null;
      const defaultCluster = explicit ?? fallback;
      if (defaultCluster)
        await sql.query(`UPDATE ingest_batch SET "clusterId" = $2 WHERE id = $1`, [
          batchId,
          defaultCluster.id,
        ]);
      const clusterCache = new Map<string, Promise<ClusterRef>>();
      const resolveCluster = (name: string) => {
        let p = clusterCache.get(name);
        if (!p) {
          p = resolveClusterByName(sql, req.actor, name, !!req.demo);
          clusterCache.set(name, p);
        }
        return p;
      };
      const ctx: IngestContext = {
        batchId,
        kind: req.kind,
        format: handler.format,
        cluster: defaultCluster,
        receivedAt,
        demo: !!req.demo,
        actor: req.actor,
        sql,
        client,
        resolveCluster,
        async clusterOf(named) {
          if (explicit) return explicit;
          if (named) return resolveCluster(named);
          return fallback;
        },
        noCluster(ref) {
          noCluster++;
          return { ...ref, reason: `no cluster: ${NO_CLUSTER_HELP}` };
        },
        afterCommit: (fn) => after.push(fn),
      };
      const chunks = chunkPipeline({
        size: handler.chunkSize ?? 1000,
        store: (items) => handler.store(ctx, items),
        stored: (r) => {
          accepted += r.accepted;
          duplicates += r.duplicates;
          for (const x of r.rejected ?? []) reject(x);
        },
        reject,
      });
      try {
        const parseOpts = { cluster: defaultCluster?.name ?? null };
        const take = (item: ParseItem<unknown>, checked: boolean) => {
          const unstorable = item.ok && !checked ? recordProblem(item.record) : null;
          if (unstorable) chunks.refuse({ ...item.ref, reason: unstorable });
          else if (item.ok) return chunks.add(item.record, item.ref);
          else chunks.refuse({ ...item.ref, reason: item.reason });
        };
        // The parse worker sends items in batches, already through the record check
        // (lib/ingest/parse-worker.ts); without it the format's parser runs here.
        const inWorker = handler.worker
          ? await parseInWorker(`${req.kind}:${handler.format}`, req.payload, parseOpts)
          : null;
        if (inWorker) {
          for await (const batch of inWorker)
            for (const item of batch) {
              const full = take(item, true);
              if (full) await full;
            }
        } else {
          for await (const item of handler.parse(req.payload, parseOpts)) {
            const full = take(item, false);
            if (full) await full;
          }
        }
        await chunks.finish();
      } finally {
        // An unreadable payload ends the loop with a chunk still being stored: let it finish before the
        // transaction is rolled back.
        await chunks.quiesce();
      }
      await handler.finish?.(ctx);
      await req.payload.drain();
      const sha = req.payload.sha256();

      const same = await sql.query<{ id: string }>(
        `SELECT id FROM ingest_batch WHERE kind = $1 AND format = $2 AND "payloadSha256" = $3
           AND "clusterId" IS NOT DISTINCT FROM $4 AND status IN ('completed', 'partial') AND id <> $5 LIMIT 1`,
        [req.kind, handler.format, sha, defaultCluster?.id ?? null, batchId],
      );
      if (same[0]) throw new DuplicatePayload(same[0].id, sha);

      // Records came in and none was stored or already known: not a success (a sender retries only on
      // non-2xx). Rolled back, so a refused PolicyReport or an unattributable record changes nothing.
      if (accepted === 0 && duplicates === 0 && rejectedCount > 0) {
        const summary = {
          kind: req.kind,
          format: handler.format,
          cluster: defaultCluster?.name ?? null,
          accepted: 0,
          duplicates: 0,
          rejected,
          rejectedCount,
        };
        throw noCluster === rejectedCount
          ? new AppError(
              "bad_request",
              `No cluster for ${rejectedCount === 1 ? "the record" : `any of the ${rejectedCount} records`}: ${NO_CLUSTER_HELP}`,
              summary,
            )
          : new AppError(
              "unprocessable",
              `None of the ${rejectedCount} record(s) could be stored; nothing was changed (reasons per record in details.rejected)`,
              summary,
            );
      }

      const status = rejectedCount > 0 ? "partial" : "completed";
      await sql.query(
        `UPDATE ingest_batch SET status = $2, "finishedAt" = now(), "payloadSha256" = $3, "payloadBytes" = $4,
           accepted = $5, duplicates = $6, rejected = $7, errors = $8::jsonb,
           message = $9 WHERE id = $1`,
        [
          batchId,
          status,
          sha,
          req.payload.rawBytes(),
          accepted,
          duplicates,
          rejectedCount,
          JSON.stringify(rejected),
          rejectedCount > rejected.length
            ? `${rejectedCount} rejected; the first ${rejected.length} are listed`
            : null,
        ],
      );
      await audit(sql, req.actor, {
        action: "ingest.batch",
        targetType: "ingest_batch",
        targetId: batchId,
        data: {
          kind: req.kind,
          format: handler.format,
          cluster: defaultCluster?.name ?? null,
          accepted,
          duplicates,
          rejected: rejectedCount,
          sha256: sha,
        },
      });
      return {
        batchId,
        status,
        kind: req.kind,
        format: handler.format,
        cluster: defaultCluster?.name ?? null,
        accepted,
        duplicates,
        rejected,
        rejectedCount,
      } satisfies BatchResult;
    });
  } catch (e) {
    if (e instanceof KeyReplay && req.idempotencyKey) {
      await req.payload.drain().catch(() => {});
      const prior = await findKeyedBatch(req.kind, scope, req.idempotencyKey);
      if (prior) return { ...prior, status: "duplicate", duplicateOf: prior.batchId };
      throw new AppError("conflict", "A batch with this Idempotency-Key is being written; retry shortly");
    }
    if (e instanceof DuplicatePayload) {
      const prior = await findBatch(`b.id = $1`, [e.originalId]);
      const id = await recordOutcome(
        req,
        handler.format,
        "duplicate",
        `Same payload as batch ${e.originalId}`,
        e.sha,
      );
      return {
        batchId: id,
        status: "duplicate",
        kind: req.kind,
        format: handler.format,
        cluster: req.cluster,
        accepted: 0,
        duplicates: (prior?.accepted ?? 0) + (prior?.duplicates ?? 0),
        rejected: [],
        rejectedCount: 0,
        duplicateOf: e.originalId,
      };
    }
    if (isAppError(e) && e.status < 500) {
      await req.payload.drain().catch(() => {});
      const details = e.details as { rejected?: Rejection[]; rejectedCount?: number } | undefined;
      const id = await recordOutcome(req, handler.format, "rejected", e.message, null, {
        rejected: details?.rejected ?? [],
        rejectedCount: details?.rejectedCount ?? 0,
      }).catch(() => null);
      if (id && details?.rejected) throw new AppError(e.code, e.message, { batchId: id, ...details });
    }
    throw e;
  }
  for (const fn of after) await fn().catch((err) => console.error("[ingest] after-commit step failed", err));
  return outcome;
}

/** Who an Idempotency-Key belongs to: keys are per token (or user, or pull source) and kind. */
function idempotencyScope(actor: Actor): string {
  return `${actor.type}:${actor.id ?? ""}`;
}

/** The same Idempotency-Key was committed by a concurrent request of the same sender. */
class KeyReplay extends Error {
  constructor() {
    super("idempotency key replay");
  }
}

class DuplicatePayload extends Error {
  constructor(
    readonly originalId: string,
    readonly sha: string,
  ) {
    super("duplicate payload");
  }
}

/** Records a batch that stored nothing (rejected whole, or a duplicate), so nothing received goes unseen. */
async function recordOutcome(
  req: IngestRequest,
  format: string,
  status: string,
  message: string,
  sha: string | null,
  records: { rejected: Rejection[]; rejectedCount: number } = { rejected: [], rejectedCount: 0 },
) {
  return withPgTransaction(pool(), async (_c, sql) => {
    const name = req.cluster || req.defaultCluster;
    const cl = name ? await sql.query<{ id: string }>(`SELECT id FROM cluster WHERE name = $1`, [name]) : [];
    const rows = await sql.query<{ id: string }>(
      `INSERT INTO ingest_batch (kind, format, "clusterId", "sourceId", "payloadSha256", "payloadBytes", status, message, "actorType", "actorId", demo, "finishedAt", rejected, errors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12, $13::jsonb) RETURNING id`,
      [
        req.kind,
        format,
        cl[0]?.id ?? null,
        req.sourceId ?? null,
        sha ?? "",
        req.payload.rawBytes(),
        status,
        message.slice(0, 1000),
        req.actor.type,
        req.actor.id,
        !!req.demo,
        records.rejectedCount,
        JSON.stringify(records.rejected),
      ],
    );
    await audit(sql, req.actor, {
      action: `ingest.${status}`,
      targetType: "ingest_batch",
      targetId: rows[0].id,
      data: { kind: req.kind, format, message: message.slice(0, 300) },
    });
    return rows[0].id;
  });
}

function findKeyedBatch(kind: IngestKind, scope: string, key: string) {
  return findBatch(`b.kind = $1 AND b."idempotencyScope" = $2 AND b."idempotencyKey" = $3`, [
    kind,
    scope,
    key,
  ]);
}

async function findBatch(where: string, params: unknown[]): Promise<BatchResult | null> {
  const rows = await sqlOfPg(pool()).query<{
    id: string;
    kind: IngestKind;
    format: string;
    status: string;
    accepted: number;
    duplicates: number;
    rejected: number;
    errors: Rejection[];
    cluster: string | null;
  }>(
    `SELECT b.id, b.kind, b.format, b.status, b.accepted, b.duplicates, b.rejected, b.errors, c.name AS cluster
       FROM ingest_batch b LEFT JOIN cluster c ON c.id = b."clusterId" WHERE ${where} ORDER BY b."receivedAt" LIMIT 1`,
    params,
  );
  const b = rows[0];
  if (!b) return null;
  return {
    batchId: b.id,
    status: b.status === "partial" ? "partial" : "completed",
    kind: b.kind,
    format: b.format,
    cluster: b.cluster,
    accepted: b.accepted,
    duplicates: b.duplicates,
    rejected: b.errors ?? [],
    rejectedCount: b.rejected,
  };
}
