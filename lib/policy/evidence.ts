import "server-only";
import { attachEvidence, type EvidenceInput } from "@/lib/incidents/hook";
import type { IngestContext } from "@/lib/ingest/types";
import { hubbleFlowRef } from "@/lib/telemetry/flow-evidence";
import { workloadOfSubject } from "./subject";
import type { PolicyDecision } from "./types";

/**
 * Denied runtime decisions are incident evidence: recorded in the batch transaction so an
 * incident about the same workload links them and may take its start from them. Allows are not evidence.
 * A Cilium verdict is a Hubble flow: it is stored as that flow's evidence (kind "flow", the flow's ref), so
 * the same flow also sent as telemetry (lib/telemetry/flow-evidence.ts) is one row, whichever came first.
 */
export async function attachDenyEvidence(
  ctx: IngestContext,
  denies: readonly { decision: PolicyDecision; clusterId: string }[],
): Promise<void> {
  if (denies.length === 0) return;
  const items: EvidenceInput[] = denies.map(({ decision: d, clusterId }) => {
    const { namespace, workload } = workloadOfSubject(d.subject);
    const rule = [d.policy, d.rule].filter(Boolean).join(" / ");
    const flow = d.engine === "cilium";
    return {
      kind: flow ? "flow" : "decision",
      ref: flow ? hubbleFlowRef(d.decisionId) : `${d.engine}:${d.decisionId}`,
      occurredAt: d.time,
      clusterId,
      namespace,
      workload,
      severity: d.severity,
      summary:
        `${d.engine} denied ${d.subject ?? "?"} → ${d.target ?? "?"}${rule ? ` (${rule})` : ""}${d.reason ? `: ${d.reason}` : ""}`.slice(
          0,
          500,
        ),
      data: { engine: d.engine, decisionId: d.decisionId, action: d.action },
      batchId: ctx.batchId,
      demo: ctx.demo,
    };
  });
  await attachEvidence(ctx.sql, ctx.actor, items);
}
