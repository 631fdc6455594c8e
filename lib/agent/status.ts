// The agent's health as it reports it: the body of POST /api/v1/agents/heartbeat (validated by the centre
// with this same schema) and of the agent's own GET /healthz.
import { z } from "zod";
import { int, name, text } from "@/lib/http/input";
import type { AgentConfig } from "./config";
import type { Outbox } from "./outbox";
import type { Reflector } from "./reflector";

const time = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time" });
const count = int(0);

export const agentStatusSchema = z
  .object({
    cluster: name(63),
    version: name(40),
    startedAt: time,
    sentAt: time,
    /** The last delivery the centre accepted, and the last failure since (null once one succeeds). */
    lastPushAt: time.nullable(),
    lastPushError: text(500).nullable(),
    /** Listings and changes held for the centre, their size, and how long the oldest has waited. */
    pending: count,
    pendingBytes: z.number().int().min(0),
    oldestPendingSeconds: z.number().min(0).nullable(),
    /** Changes dropped because the buffer was full (since the agent started). */
    dropped: count,
    /** Deliveries the centre refused (4xx other than auth and throttling): not sent again. */
    refused: count,
    /** Discovery has answered (until then `resources` is empty), and its last failure before that. */
    discovered: z.boolean(),
    discoveryError: text(500).nullable(),
    resources: z
      .array(
        z
          .object({
            resource: name(200),
            state: z.enum(["starting", "listing", "watching", "retrying"]),
            resourceVersion: text(100).nullable(),
            lastEventAt: time.nullable(),
            lists: count,
            expired: count,
            lastError: text(500).nullable(),
            /** Changes were dropped: the resource is listed again once the centre answers. */
            resyncDue: z.boolean(),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();

export type AgentStatus = z.infer<typeof agentStatusSchema>;

export function agentStatus(a: {
  cfg: AgentConfig;
  version: string;
  startedAt: Date;
  outbox: Outbox;
  reflectors: Map<string, Reflector>;
  counters: {
    refused: number;
    lastPushAt: Date | null;
    lastPushError: string | null;
    discovered: boolean;
    discoveryError: string | null;
  };
  repair: Set<string>;
}): AgentStatus {
  const now = new Date();
  const oldest = a.outbox.oldestAt();
  return {
    cluster: a.cfg.cluster,
    version: a.version,
    startedAt: a.startedAt.toISOString(),
    sentAt: now.toISOString(),
    lastPushAt: a.counters.lastPushAt?.toISOString() ?? null,
    lastPushError: a.counters.lastPushError?.slice(0, 500) ?? null,
    pending: a.outbox.pending,
    pendingBytes: a.outbox.pendingBytes,
    oldestPendingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : null,
    dropped: a.outbox.dropped,
    refused: a.counters.refused,
    discovered: a.counters.discovered,
    discoveryError: a.counters.discoveryError?.slice(0, 500) ?? null,
    resources: [...a.reflectors].map(([id, r]) => ({
      resource: id,
      ...r.health,
      lastError: r.health.lastError?.slice(0, 500) ?? null,
      resyncDue: a.repair.has(id),
    })),
  };
}
