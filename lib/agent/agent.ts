// The in-cluster agent (`posture agent`, docs/install.md "The in-cluster agent"): discovers which watched
// resources the cluster serves, keeps a Reflector (list + watch) on each, holds what changed in a bounded
// Outbox, pushes it to the centre's ingest endpoints, and tells the centre how it is doing (heartbeat). The
// resourceVersion up to which a resource reached the centre is saved, so a restart watches on from there.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { backoffMs, sleep } from "./backoff";
import { Centre } from "./centre";
import type { AgentConfig } from "./config";
import { KubeClient } from "./kube-client";
import { type Delivery, Outbox } from "./outbox";
import { deliveryBody } from "./payloads";
import { Reflector, type ReflectorEvent } from "./reflector";
import { discover, type ServedResource } from "./resources";
import { type AgentState, loadState, saveState } from "./state";
import { type AgentStatus, agentStatus } from "./status";

export const AGENT_VERSION = "0.1.0";

export interface RunningAgent {
  status(): AgentStatus;
  /** The health endpoint's port (0 in the configuration: a free one). */
  healthPort: number;
  /** Resolves once every resource has been listed or resumed and nothing waits for the centre. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The agent stopped because the centre refused it for good (a token without this cluster, …). */
export class AgentRefused extends Error {}

export async function startAgent(
  cfg: AgentConfig,
  log: (line: string) => void = (l) => console.log(`[agent] ${l}`),
): Promise<RunningAgent> {
  const client = new KubeClient({
    url: cfg.kubeUrl,
    ca: cfg.kubeCa,
    tokenFile: cfg.kubeTokenFile,
    idleTimeoutMs: (cfg.watchTimeoutSeconds + 60) * 1000,
  });
  const centre = new Centre(cfg.url, cfg.tokenFile);
  const source = `posture-agent ${AGENT_VERSION} (${cfg.cluster})`;
  const startedAt = new Date();
  const stopping = new AbortController();
  const state: AgentState = loadState(cfg.stateDir, cfg.cluster);
  const counters = {
    refused: 0,
    lastPushAt: null as Date | null,
    lastPushError: null as string | null,
    discovered: false,
    discoveryError: null as string | null,
  };
  const reflectors = new Map<string, Reflector>();
  let resources: ServedResource[] = [];
  // Resources that lost changes: listed again once the centre answers.
  const repair = new Set<string>();
  // …of which a new list was asked for since the last drop: the listing it emits repairs the resource. Until
  // then nothing of it is saved, so a restart in between still replays (or relists) what was dropped.
  const relistAsked = new Set<string>();
  const outbox = new Outbox({ events: cfg.bufferEvents, bytes: cfg.bufferBytes }, (resource) => {
    if (!repair.has(resource))
      log(
        `${resource}: buffer full (${cfg.bufferEvents} changes / ${cfg.bufferBytes} bytes); dropping the oldest`,
      );
    repair.add(resource);
    relistAsked.delete(resource);
  });

  /** Saves, for each resource with nothing undelivered, the resourceVersion its watch has reached. */
  const persist = () => {
    let changed = false;
    for (const [id, r] of reflectors) {
      const rv = r.health.resourceVersion;
      if (!rv || repair.has(id) || outbox.has(id) || state.resourceVersions[id] === rv) continue;
      state.resourceVersions[id] = rv;
      changed = true;
    }
    if (!changed) return;
    try {
      saveState(cfg.stateDir, state);
    } catch (e) {
      log(`cannot save the state under ${cfg.stateDir}: ${(e as Error).message}`);
    }
  };

  let wake: (() => void) | null = null;
  const nudge = () => wake?.();
  let beating = false;
  const onEvent = (id: string) => (e: ReflectorEvent) => {
    if (e.type === "listed") {
      outbox.listed(id, e.items); // held until delivered, so nothing is saved before the centre has it
      if (relistAsked.delete(id)) repair.delete(id);
    } else if (e.type === "BOOKMARK") persist();
    else outbox.changed(id, e.type, e.object);
    nudge();
  };

  const status = () =>
    agentStatus({ cfg, version: AGENT_VERSION, startedAt, outbox, reflectors, counters, repair });

  // Heartbeat: the first one before any data, so a token for another cluster stops the agent at once.
  const beat = async (): Promise<void> => {
    if (beating) return; // the previous one is still under way (a slow centre)
    beating = true;
    try {
      const r = await centre.heartbeat(status());
      if (!r.ok && !r.retry) throw new AgentRefused(`the centre refused the heartbeat: ${r.error}`);
      if (!r.ok) log(`heartbeat not delivered: ${r.error}`);
    } finally {
      beating = false;
    }
  };
  // The health endpoint answers from the start (the probes wait for it), with the same status.
  const health = await healthServer(cfg.healthPort, () => status());
  try {
    await beat();
  } catch (e) {
    await new Promise<void>((resolve) => health.close(() => resolve()));
    client.close();
    throw e;
  }
  // From here on every heartbeatMs, also while discovery is still retrying.
  const heartbeats = setInterval(() => {
    beat().catch((e) => {
      log((e as Error).message);
    });
  }, cfg.heartbeatMs);

  // Then discovery: which of the watched groups and versions this cluster serves.
  for (let failures = 1; !stopping.signal.aborted; failures++) {
    try {
      resources = await discover(client);
      counters.discovered = true;
      counters.discoveryError = null;
      break;
    } catch (e) {
      const wait = backoffMs(failures, cfg.maxBackoffMs);
      counters.discoveryError = (e as Error).message;
      log(`discovery failed: ${counters.discoveryError}; retrying in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait, stopping.signal);
    }
  }
  log(
    resources.length
      ? `watching ${resources.map((r) => r.id).join(", ")}`
      : "none of the watched resources (cert-manager, policy reports) is served; heartbeats only",
  );
  const running: Promise<void>[] = [];
  for (const r of resources) {
    const saved = state.resourceVersions[r.id] ?? null;
    if (saved) log(`${r.id}: resuming from resourceVersion ${saved}`);
    const reflector = new Reflector(client, r, {
      resourceVersion: saved,
      watchTimeoutSeconds: cfg.watchTimeoutSeconds,
      maxBackoffMs: cfg.maxBackoffMs,
      emit: onEvent(r.id),
      log,
    });
    reflectors.set(r.id, reflector);
    running.push(reflector.run(stopping.signal));
  }

  /** Sends one delivery; true when the outbox may go on, false when the centre should be left alone. */
  const send = async (d: Delivery): Promise<boolean> => {
    const r = resources.find((x) => x.id === d.resource) as ServedResource;
    const body = deliveryBody(r, d, source);
    const out = body ? await centre.ingest(r.ingest, r.format, body) : null;
    if (out && !out.ok && out.retry) {
      counters.lastPushError = out.error;
      return false;
    }
    if (out && !out.ok) {
      // Refused as it stands (400/413/422): kept out of the outbox, counted, and said.
      counters.refused++;
      counters.lastPushError = out.error;
      log(`${d.resource}: the centre refused a ${d.kind} (${out.error}); not sent again`);
    } else if (out) {
      counters.lastPushAt = new Date();
      counters.lastPushError = null;
    }
    outbox.delivered(d);
    return true;
  };

  /** Resolves on the next change (nudge) or after `ms`. */
  const changeOrTimeout = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  // The push loop. A burst of changes is gathered for flushMs and then goes as one request per resource,
  // which keeps an agent well under the centre's per-token rate limit; while the centre cannot be reached
  // it backs off, exponentially with jitter.
  const pushing = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      if (!outbox.pending) {
        persist();
        await changeOrTimeout(cfg.flushMs);
        continue;
      }
      await sleep(cfg.flushMs, stopping.signal);
      for (let d = outbox.next(); d && !stopping.signal.aborted; d = outbox.next()) {
        if (!(await send(d))) {
          failures++;
          const wait = backoffMs(failures, cfg.maxBackoffMs);
          log(
            `push failed (${counters.lastPushError}); ${outbox.pending} pending, next try in ${Math.round(wait / 100) / 10} s`,
          );
          await sleep(wait, stopping.signal);
          break;
        }
        if (failures) log(`the centre answers again after ${failures} failed attempt(s)`);
        failures = 0;
        // Resources that lost changes are listed again: that listing makes the centre whole.
        for (const id of repair) {
          if (relistAsked.has(id)) continue;
          relistAsked.add(id);
          reflectors.get(id)?.relist();
        }
      }
      persist();
    }
  })();

  const resync =
    cfg.resyncSeconds > 0
      ? setInterval(() => {
          for (const r of reflectors.values()) r.relist();
        }, cfg.resyncSeconds * 1000)
      : null;

  return {
    status,
    healthPort: (health.address() as AddressInfo).port,
    async idle() {
      for (;;) {
        const settled = [...reflectors.values()].every((r) => r.health.state === "watching");
        if (settled && outbox.pending === 0) return;
        await sleep(50, stopping.signal);
        if (stopping.signal.aborted) return;
      }
    },
    async stop() {
      stopping.abort();
      nudge();
      clearInterval(heartbeats);
      if (resync) clearInterval(resync);
      await Promise.allSettled([...running, pushing]);
      persist();
      await new Promise<void>((resolve) => health.close(() => resolve()));
      client.close();
    },
  };
}

/** GET /healthz: 200 with the status while every watch is up or retrying within bounds; the probes' target. */
function healthServer(port: number, status: () => AgentStatus): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== "/healthz") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status()));
  });
  return new Promise((resolve) => server.listen(port, "0.0.0.0", () => resolve(server)));
}
