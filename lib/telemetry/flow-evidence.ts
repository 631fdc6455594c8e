import "server-only";
import { attachEvidence, type EvidenceInput } from "@/lib/incidents/hook";
import type { IngestContext } from "@/lib/ingest/types";
import type { HubbleFlowRecord } from "./formats/hubble";

/**
 * The evidence ref of a Hubble flow (id from hubbleFlowId). Policy verdicts from Cilium use it too
 * (lib/policy/evidence.ts), so one flow shipped to both endpoints is stored and linked once.
 */
export const hubbleFlowRef = (flowId: string) => `hubble:${flowId}`;

const side = (e: { cluster: string | null; namespace: string | null; workload: string | null }) =>
  [e.cluster, e.namespace, e.workload].filter(Boolean).join("/") || "?";

/**
 * Dropped or denied Hubble flows are incident evidence, like denied policy decisions: recorded in the
 * batch transaction through the incidents hook, about the workload that sent them (for an L7 403 the
 * parser already turned the response round, so the source is the client that was refused). Only flows
 * the parser counted (first packet of a connection per minute, L7 drops, 403s) become evidence, so a
 * retransmitting client adds one row, not hundreds. Senders outside the cluster (world, host) name no
 * workload an incident could be about and are skipped.
 */
export async function attachFlowEvidence(
  ctx: IngestContext,
  flows: readonly HubbleFlowRecord[],
): Promise<void> {
  const items: EvidenceInput[] = [];
  for (const f of flows) {
    if (!f.counts.dropped && !f.counts.denied) continue;
    const src = f.dims.src;
    const clusterName = src.cluster ?? ctx.cluster?.name ?? null;
    if (!clusterName || !src.namespace || !src.workload) continue;
    let clusterId: string;
    try {
      clusterId = (await ctx.resolveCluster(clusterName)).id;
    } catch {
      continue; // a name the cluster registry refuses is reported by the traffic side, not here
    }
    const what =
      f.verdict === "DROPPED" ? `dropped${f.dropReason ? ` (${f.dropReason})` : ""}` : "denied (403)";
    items.push({
      kind: "flow",
      ref: hubbleFlowRef(f.id),
      occurredAt: new Date(f.timeMs),
      clusterId,
      namespace: src.namespace,
      workload: src.workload,
      severity: f.counts.denied ? "medium" : "low",
      summary: `Hubble flow ${what}: ${side(src)} → ${side(f.dims.dst)} ${f.dims.protocol}`,
      data: {
        verdict: f.verdict,
        dropReason: f.dropReason,
        protocol: f.dims.protocol,
        source: src,
        destination: f.dims.dst,
        flowId: f.id,
      },
      batchId: ctx.batchId,
      demo: ctx.demo,
    });
  }
  if (items.length) await attachEvidence(ctx.sql, ctx.actor, items);
}
