import "server-only";
import { registerFormat } from "@/lib/ingest/registry";
import type { ClusterRef, IngestContext, ParseItem, Rejection } from "@/lib/ingest/types";
import { incidentsForEvidence, recordEvidence } from "./evidence";
import { type AlertRecord, parseAlertmanagerWebhook } from "./formats/alertmanager";
import { type FalcoRecord, parseFalcoLine } from "./formats/falco";
import { correlateAlert, lockSubjects, recomputeIncident } from "./mutations/incidents";

// Work a batch leaves for finish(): alerts whose state changed, evidence that was new.
const pendingAlerts = new Map<string, string[]>();
const pendingEvidence = new Map<string, string[]>();

// A batch that fails before finish() leaves its entry behind; entries are tiny, but drop old ones anyway.
const MAX_PENDING_BATCHES = 1000;

function push(map: Map<string, string[]>, batchId: string, ids: string[]) {
  if (!map.has(batchId) && map.size >= MAX_PENDING_BATCHES) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  const list = map.get(batchId) ?? [];
  list.push(...ids);
  map.set(batchId, list);
}

async function clusterOf(ctx: IngestContext, name: string | null): Promise<ClusterRef | null | Error> {
  try {
    return await ctx.clusterOf(name);
  } catch (e) {
    return e as Error;
  }
}

/**
 * Links the batch's new evidence to incidents and brings their clocks up to date, in the batch
 * transaction. Locks follow the one order of ARCHITECTURE.md: every subject the batch's alerts concern
 * first (sorted), then incident rows (sorted by id); the audit chain is appended at commit.
 */
async function finishIncidents(ctx: IngestContext) {
  const alerts = pendingAlerts.get(ctx.batchId) ?? [];
  const evidence = pendingEvidence.get(ctx.batchId) ?? [];
  pendingAlerts.delete(ctx.batchId);
  pendingEvidence.delete(ctx.batchId);
  const touched = new Set<string>();
  if (alerts.length) {
    // Earliest first, so the alert that opens an incident is the one that detected it.
    const ordered = await ctx.sql.query<{
      id: string;
      clusterId: string | null;
      namespace: string | null;
      workload: string | null;
      alertSubject: string | null;
    }>(
      `SELECT id, "clusterId", namespace, workload, "alertSubject" FROM alert WHERE id = ANY($1::uuid[]) ORDER BY "startsAt", id`,
      [alerts],
    );
    await lockSubjects(ctx.sql, ordered);
    for (const a of ordered) touched.add(await correlateAlert(ctx.sql, ctx.actor, a.id, ctx.demo));
  }
  for (const id of await incidentsForEvidence(ctx.sql, evidence)) touched.add(id);
  for (const id of [...touched].sort()) await recomputeIncident(ctx.sql, ctx.actor, id);
}

registerFormat<AlertRecord>({
  kind: "alerts",
  format: "alertmanager",
  description: "Alertmanager webhook body (webhook_configs, payload version 4): firing and resolved alerts",
  // Alertmanager writes receiver, status, alerts first and groupKey/version last (maybe past the head).
  sniff: (head) => /"alerts"\s*:\s*\[/.test(head) && /"(receiver|groupKey)"\s*:/.test(head),
  async *parse(input, opts): AsyncIterable<ParseItem<AlertRecord>> {
    for (const item of parseAlertmanagerWebhook(await input.text(), { cluster: opts.cluster })) {
      yield item.ok
        ? { ok: true, record: item.record, ref: { index: item.index } }
        : { ok: false, ref: { index: item.index }, reason: item.reason };
    }
  },
  async store(ctx, items) {
    const rejected: Rejection[] = [];
    let accepted = 0;
    let duplicates = 0;
    const changed: string[] = [];
    // A fixed order (fingerprint, startsAt) so two batches holding the same alerts never wait on each
    // other's rows in opposite orders.
    const sorted = [...items].sort(
      (x, y) =>
        (x.record.fingerprint < y.record.fingerprint
          ? -1
          : x.record.fingerprint > y.record.fingerprint
            ? 1
            : 0) || x.record.startsAt.getTime() - y.record.startsAt.getTime(),
    );
    for (const { record: r, ref } of sorted) {
      const cluster = await clusterOf(ctx, r.subject.cluster);
      if (cluster instanceof Error || !cluster) {
        rejected.push(cluster instanceof Error ? { ...ref, reason: cluster.message } : ctx.noCluster(ref));
        continue;
      }
      // Same fingerprint + startsAt = the same alert: re-notifications and resolutions update it; a stale
      // "firing" never overwrites a resolution.
      const rows = await ctx.sql.query<{ id: string }>(
        `INSERT INTO alert ("batchId", fingerprint, alertname, status, severity, "startsAt", "endsAt", "clusterId", namespace, workload,
                            summary, labels, annotations, "generatorUrl", "receivedAt", "updatedAt", demo, "alertSubject")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $15, $16, $17)
         ON CONFLICT (fingerprint, "startsAt") DO UPDATE SET status = EXCLUDED.status, "endsAt" = EXCLUDED."endsAt",
           labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, summary = EXCLUDED.summary, "updatedAt" = EXCLUDED."updatedAt"
         WHERE (alert.status, alert."endsAt") IS DISTINCT FROM (EXCLUDED.status, EXCLUDED."endsAt")
           AND NOT (alert.status = 'resolved' AND EXCLUDED.status = 'firing')
         RETURNING id`,
        [
          ctx.batchId,
          r.fingerprint,
          r.alertname,
          r.status,
          r.severity,
          r.startsAt,
          r.endsAt,
          cluster.id,
          r.subject.namespace,
          r.subject.workload,
          r.summary,
          JSON.stringify(r.labels),
          JSON.stringify(r.annotations),
          r.generatorUrl,
          ctx.receivedAt,
          ctx.demo,
          r.subject.alertSubject,
        ],
      );
      if (rows[0]) {
        accepted++;
        changed.push(rows[0].id);
      } else {
        duplicates++;
      }
    }
    push(pendingAlerts, ctx.batchId, changed);
    return { accepted, duplicates, rejected };
  },
  finish: finishIncidents,
});

registerFormat<FalcoRecord>({
  kind: "alerts",
  format: "falco",
  description: "Falco events (json_output: true), one JSON object per line; stored as incident evidence",
  sniff: (head) =>
    /"output_fields"\s*:/.test(head) || (/"rule"\s*:/.test(head) && /"priority"\s*:/.test(head)),
  async *parse(input): AsyncIterable<ParseItem<FalcoRecord>> {
    const now = new Date();
    for await (const { line, text } of input.lines()) {
      if (!text.trim()) continue;
      const item = parseFalcoLine(text, now);
      yield item.ok
        ? { ok: true, record: item.record, ref: { line } }
        : { ok: false, ref: { line }, reason: item.reason };
    }
  },
  async store(ctx, items) {
    const rejected: Rejection[] = [];
    const rows = [];
    for (const { record: r, ref } of items) {
      const cluster = await clusterOf(ctx, r.cluster);
      if (cluster instanceof Error || !cluster) {
        rejected.push(cluster instanceof Error ? { ...ref, reason: cluster.message } : ctx.noCluster(ref));
        continue;
      }
      rows.push({
        kind: "falco",
        ref: r.ref,
        occurredAt: r.time,
        clusterId: cluster.id,
        namespace: r.namespace,
        workload: r.workload,
        severity: r.severity,
        summary: `${r.rule}${r.pod ? ` (${r.namespace ?? "?"}/${r.pod})` : ""}`,
        data: {
          rule: r.rule,
          priority: r.priority,
          source: r.source,
          hostname: r.hostname,
          tags: r.tags,
          output: r.output,
          fields: r.fields,
          pod: r.pod,
        },
        batchId: ctx.batchId,
        demo: ctx.demo,
      });
    }
    const ids = await recordEvidence(ctx.sql, rows);
    push(pendingEvidence, ctx.batchId, ids);
    return { accepted: ids.length, duplicates: rows.length - ids.length, rejected };
  },
  finish: finishIncidents,
});
