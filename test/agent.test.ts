// The in-cluster agent end to end: a Kubernetes API stand-in over HTTPS (discovery, lists, watches with
// resourceVersions, bookmarks and 410 Gone) on one side, the central Posture's own route handlers behind a
// loopback HTTP server on the other. What the cluster holds must reach the central KPIs; deletions,
// restarts, an unreachable centre and a full buffer must each end with the centre matching the cluster.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as heartbeatRoute } from "@/app/api/v1/agents/heartbeat/route";
import { AgentRefused, type RunningAgent, startAgent } from "@/lib/agent/agent";
import { type AgentFlags, agentConfig } from "@/lib/agent/config";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { createToken } from "@/lib/auth/tokens";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { computeKpis } from "@/lib/kpi/compute";
import { listAgents } from "@/lib/sources/agents";
import { CentreStandin } from "./agent-centre";
import { call, makeUser } from "./fixtures";
import { KubeApiStandin } from "./k8s-api-standin";
import { makePki } from "./test-pki";

const dir = mkdtempSync(path.join(tmpdir(), "posture-agent-"));
const CERTS = "cert-manager.io/v1/certificates";
const REPORTS = "wgpolicyk8s.io/v1alpha2/policyreports";
const CLUSTER_REPORTS = "wgpolicyk8s.io/v1alpha2/clusterpolicyreports";
const kube = new KubeApiStandin(
  [
    {
      group: "cert-manager.io",
      version: "v1",
      plural: "certificates",
      kind: "Certificate",
      namespaced: true,
    },
    {
      group: "wgpolicyk8s.io",
      version: "v1alpha2",
      plural: "policyreports",
      kind: "PolicyReport",
      namespaced: true,
    },
    {
      group: "wgpolicyk8s.io",
      version: "v1alpha2",
      plural: "clusterpolicyreports",
      kind: "ClusterPolicyReport",
      namespaced: false,
    },
    // A group the agent does not watch: discovery must leave it alone.
    { group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true },
  ],
  // The second ServiceAccount was bound to a role that lists Certificates only.
  { "sa-token": [CERTS, REPORTS, CLUSTER_REPORTS], "certs-only-token": [CERTS] },
);
const centre = new CentreStandin();
const day = 86_400_000;
/** RFC 3339 to the second, as the API server writes times. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A cert-manager Certificate as the API server stores it (from the recorded fixture), expiring in 5 days. */
function certificate(name: string, revision = 1) {
  const recorded = JSON.parse(
    readFileSync("lib/demo/fixtures/certificates/certmanager-certificates.eu-west-prod.raw.json", "utf8"),
  ).items[0];
  const now = Date.now();
  return {
    ...recorded,
    metadata: { name, namespace: "shop", labels: recorded.metadata.labels, generation: 1 },
    status: {
      ...recorded.status,
      notBefore: rfc3339(now - 85 * day),
      notAfter: rfc3339(now + 5 * day),
      renewalTime: rfc3339(now - day),
      revision,
    },
  };
}

/** A Kyverno per-resource PolicyReport (the recorded one: one fail, one pass) under another name. */
function policyReport(name: string, namespace = "shop") {
  const recorded = JSON.parse(readFileSync("test/k8s-reports/policyreports.page1.json", "utf8")).items[0];
  return { ...recorded, metadata: { ...recorded.metadata, name, namespace, resourceVersion: undefined } };
}

const files = { kubeToken: path.join(dir, "sa-token"), ingestToken: path.join(dir, "ingest-token") };

function config(cluster: string, stateDir: string, more: AgentFlags = {}) {
  return agentConfig(
    {
      cluster,
      url: centre.url,
      tokenFile: files.ingestToken,
      kubeUrl: kube.url,
      kubeCa: path.join(dir, "ca.pem"),
      kubeTokenFile: files.kubeToken,
      stateDir,
      healthPort: "0",
      flushMs: "50",
      heartbeatMs: "200",
      maxBackoffMs: "4000",
      resyncSeconds: "0",
      ...more,
    },
    {},
  );
}

async function kpis(cluster: string) {
  const now = new Date();
  const k = await computeKpis({ from: new Date(now.getTime() - 30 * day), to: now, cluster, now });
  return {
    certificates: k.certificates?.total,
    expiring7d: k.certificates?.expiring7d,
    compliance: (k.policy as unknown as { complianceCounts: Record<string, number> }).complianceCounts,
  };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let ingestToken: string;
const agents: RunningAgent[] = [];
async function start(cluster: string, stateDir: string, more?: AgentFlags) {
  const a = await startAgent(config(cluster, stateDir, more), () => {});
  agents.push(a);
  return a;
}

beforeAll(async () => {
  await kube.start(makePki(dir));
  await centre.up();
  writeFileSync(files.kubeToken, "sa-token\n");
  const operator = await makeUser("operator");
  const t = await withPgTransaction(pool(), (_c, sql) =>
    createToken(sql, SYSTEM_ACTOR, {
      userId: operator.id,
      name: "agent eu-central",
      scopes: ["ingest"],
      expiresInMs: null,
      cluster: "eu-central",
    }),
  );
  ingestToken = t.token;
  writeFileSync(files.ingestToken, `${ingestToken}\n`);
}, 60_000);

afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => {});
  await kube.stop();
  await centre.down();
});

/** The resourceVersion each resource was saved at (the agent's state file). */
const saved = (stateDir: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(stateDir, "state.json"), "utf8")).resourceVersions;
const lists = (reqs: string[]) => reqs.filter((r) => /[?&]limit=/.test(r) && !/[?&]watch=1/.test(r));
const watches = (reqs: string[]) => reqs.filter((r) => /[?&]watch=1/.test(r));
const compliance = async () => (await kpis("eu-central")).compliance;

describe("posture agent", () => {
  const state = path.join(dir, "state-main");
  let agent: RunningAgent;

  it("lists what the cluster holds and the certificate and policy report reach the central KPIs", async () => {
    kube.apply(CERTS, certificate("checkout-tls"));
    kube.apply(REPORTS, policyReport("report-frontend"));
    agent = await start("eu-central", state);
    await agent.idle();
    // Discovery: /apis, then only the watched groups' resource lists (apps/v1 is left alone).
    expect(kube.requests.filter((r) => /^GET \/apis(\/[^/?]+\/[^/?]+)?$/.test(r))).toEqual([
      "GET /apis",
      "GET /apis/cert-manager.io/v1",
      "GET /apis/wgpolicyk8s.io/v1alpha2",
    ]);
    expect(lists(kube.requests)).toHaveLength(3);
    expect(await kpis("eu-central")).toEqual({
      certificates: 1,
      expiring7d: 1,
      compliance: { pass: 1, fail: 1, error: 0 },
    });
  });

  it("streams changes as they happen; a report deleted in the cluster disappears from the centre", async () => {
    const before = kube.requests.length;
    kube.apply(REPORTS, policyReport("report-payments", "payments"));
    const clusterReport = JSON.parse(readFileSync("test/k8s-reports/clusterpolicyreports.json", "utf8"))
      .items[0];
    kube.apply(CLUSTER_REPORTS, clusterReport);
    // cert-manager renewed the certificate: revision 2, valid for 90 days from yesterday.
    const renewed = certificate("checkout-tls", 2);
    renewed.status.notBefore = rfc3339(Date.now() - day);
    renewed.status.notAfter = rfc3339(Date.now() + 89 * day);
    kube.apply(CERTS, renewed);
    await until("the changes", async () => (await compliance()).fail === 3);
    await until("the renewal", async () => (await kpis("eu-central")).expiring7d === 0);
    expect((await kpis("eu-central")).certificates).toBe(1);
    kube.delete(REPORTS, "shop", "report-frontend");
    await until("the deletion", async () => (await compliance()).fail === 2);
    expect(await compliance()).toEqual({ pass: 1, fail: 2, error: 0 });
    // All of it came through the open watches: no new list.
    expect(lists(kube.requests.slice(before))).toEqual([]);
  });

  it("when the API server ends its watches (timeoutSeconds), watches again from where it was, without listing", async () => {
    const before = kube.requests.length;
    const rv = kube.resourceVersion;
    kube.endWatches();
    await until(
      "the watches open again",
      () => watches(kube.requests.slice(before)).length === 3 && kube.openWatches === 3,
    );
    expect(lists(kube.requests.slice(before))).toEqual([]);
    expect(
      watches(kube.requests.slice(before)).filter((r) => r.includes(`resourceVersion=${rv}&`)).length,
    ).toBeGreaterThan(0);
    // …and what happens next still arrives.
    kube.apply(CLUSTER_REPORTS, {
      ...JSON.parse(readFileSync("test/k8s-reports/clusterpolicyreports.json", "utf8")).items[0],
      metadata: { name: "after-the-timeout" },
    });
    await until("the report after the timeout", async () => (await compliance()).fail === 3);
    kube.delete(CLUSTER_REPORTS, undefined, "after-the-timeout");
    await until("its deletion", async () => (await compliance()).fail === 2);
  });

  it("reports its health and lag to the Sources page (heartbeat per token and cluster)", async () => {
    await until("a heartbeat after the changes", async () => {
      const [a] = await listAgents();
      return !!a && a.status.pending === 0 && a.status.lastPushAt !== null;
    });
    const [row] = await listAgents();
    expect(row).toMatchObject({ cluster: "eu-central", tokenName: "agent eu-central" });
    expect(row.status).toMatchObject({
      version: "0.1.0",
      dropped: 0,
      refused: 0,
      lastPushError: null,
      discovered: true,
      discoveryError: null,
    });
    expect(row.status.resources.map((r) => [r.resource, r.state])).toEqual([
      [CERTS, "watching"],
      [REPORTS, "watching"],
      [CLUSTER_REPORTS, "watching"],
    ]);
    // The agent's own /healthz says the same.
    const h = await fetch(`http://127.0.0.1:${agent.healthPort}/healthz`);
    expect(h.status).toBe(200);
    expect((await h.json()).cluster).toBe("eu-central");
  });

  it("resumes from the saved resourceVersion after a restart, without listing again", async () => {
    kube.bookmark(); // moves every watch to the current resourceVersion; nothing is pending, so it is saved
    await until("the bookmark saved", () =>
      Object.values(saved(state)).every((rv) => rv === kube.resourceVersion),
    );
    await agent.stop();
    const rvs = saved(state);
    kube.apply(REPORTS, policyReport("report-ledger", "ledger")); // while the agent is away
    const before = kube.requests.length;
    agent = await start("eu-central", state);
    await agent.idle();
    await until("the report made while it was away", async () => (await compliance()).fail === 3);
    const since = kube.requests.slice(before);
    expect(lists(since)).toEqual([]);
    for (const [resource, rv] of Object.entries(rvs))
      expect(
        watches(since).some((r) => r.includes(`/apis/${resource}?`) && r.includes(`resourceVersion=${rv}&`)),
      ).toBe(true);
  });

  it("lists again when its resourceVersion has expired (410 Gone); the listing removes reports deleted meanwhile", async () => {
    await agent.stop();
    kube.delete(REPORTS, "payments", "report-payments");
    kube.compact(); // the history before now is gone: the saved versions are too old
    const before = kube.requests.length;
    agent = await start("eu-central", state);
    // Each watch opens (200) and then reads the ERROR event with the 410 Status: then it lists.
    await until("a list of each resource", () => lists(kube.requests.slice(before)).length === 3);
    await agent.idle();
    expect(agent.status().resources.every((r) => r.expired === 1 && r.lists === 1)).toBe(true);
    await until("the removal by listing", async () => (await compliance()).fail === 2);
    expect(await compliance()).toEqual({ pass: 1, fail: 2, error: 0 });
  });

  it("backs off exponentially while the centre answers 503, and delivers once it is back", async () => {
    centre.unavailable = true;
    const before = centre.ingestRequests().length;
    kube.apply(REPORTS, policyReport("report-while-down", "orders"));
    await until("five refused attempts", () => centre.ingestRequests().length - before >= 5, 20_000);
    const tries = centre
      .ingestRequests()
      .slice(before)
      .map((r) => r.at);
    const gaps = tries.slice(1).map((t, i) => t - tries[i]);
    // Waits are drawn from [b/2, b] for b = 0.5, 1, 2, 4 s: each at least the one before it at half.
    expect(gaps[3]).toBeGreaterThan(gaps[0]);
    expect(gaps[3]).toBeGreaterThanOrEqual(900);
    expect(agent.status()).toMatchObject({ pending: 1, lastPushError: expect.stringContaining("HTTP 503") });
    centre.unavailable = false;
    await until("delivery after the centre is back", async () => (await compliance()).fail === 3, 20_000);
    await until("the error cleared", () => agent.status().lastPushError === null);
  }, 40_000);

  it("with a full buffer drops the oldest changes, says so in its heartbeat, and lists again once the centre answers", async () => {
    await agent.stop();
    const lines: string[] = [];
    agent = await startAgent(config("eu-central", state, { bufferEvents: "3" }), (l) => lines.push(l));
    agents.push(agent);
    await agent.idle();
    await centre.down(); // connections refused
    for (let i = 1; i <= 6; i++) kube.apply(REPORTS, policyReport(`report-burst-${i}`, "burst"));
    await until("the drops", () => agent.status().dropped === 3);
    expect(agent.status()).toMatchObject({ pending: 3, dropped: 3 });
    expect(agent.status().resources.find((r) => r.resource === REPORTS)?.resyncDue).toBe(true);
    expect(lines.filter((l) => l.includes("buffer full"))).toHaveLength(1);
    await centre.up();
    // Every report arrives anyway: the listing taken once the centre answered holds them all.
    await until("all six reports", async () => (await compliance()).fail === 9, 20_000);
    await until("the repair done", () => agent.status().resources.every((r) => !r.resyncDue));
    await until("the heartbeat with the drops", async () => {
      const [a] = await listAgents();
      return a?.status.dropped === 3 && a.status.pending === 0;
    });
    const [{ dropped }] = await pool()
      .query(`SELECT dropped FROM agent_heartbeat`)
      .then((r) => r.rows);
    expect(dropped).toBe(3);
  }, 40_000);
});

describe("posture agent with a ServiceAccount that may not read the reports", () => {
  it("keeps watching what it may read, and says which watches the API server refuses (403)", async () => {
    for (const a of agents) await a.stop();
    const tokenFile = path.join(dir, "certs-only-token");
    writeFileSync(tokenFile, "certs-only-token");
    const agent = await start("eu-central", path.join(dir, "state-certs-only"), { kubeTokenFile: tokenFile });
    await until(
      "the refused watches retrying",
      () => agent.status().resources.filter((r) => r.state === "retrying").length === 2,
    );
    const byId = Object.fromEntries(agent.status().resources.map((r) => [r.resource, r]));
    expect(byId[CERTS]).toMatchObject({ state: "watching", lists: 1, lastError: null });
    expect(byId[REPORTS].lastError).toBe(`GET /apis/${REPORTS}: HTTP 403 Forbidden`);
    await agent.stop();
  });
});

describe("posture agent resync", () => {
  it("lists every resource again each resync interval; the centre's figures stay as they were", async () => {
    for (const a of agents) await a.stop();
    const figures = await kpis("eu-central");
    const before = kube.requests.length;
    const batches = centre.ingestRequests().length;
    const agent = await start("eu-central", path.join(dir, "state-resync"), { resyncSeconds: "1" });
    await until("a second list of each resource", () => lists(kube.requests.slice(before)).length >= 6);
    await agent.idle();
    expect(agent.status().resources.every((r) => r.lists >= 2)).toBe(true);
    expect(
      centre
        .ingestRequests()
        .slice(batches)
        .every((r) => r.status < 300),
    ).toBe(true);
    expect(await kpis("eu-central")).toEqual(figures);
    await agent.stop();
  });
});

describe("heartbeat", () => {
  it("refuses a token whose default cluster is another one (409), and the agent does not start", async () => {
    await expect(start("us-east", path.join(dir, "state-us"))).rejects.toBeInstanceOf(AgentRefused);
    const r = await call(heartbeatRoute, {
      method: "POST",
      token: ingestToken,
      body: { cluster: "eu-central" },
    });
    expect(r.status).toBe(400);
  });
});
